import Foundation
import Testing
@testable import AliyunECS

/// The default ClientToken: a version-4 UUID from the buffered secure source.
@Suite("ClientToken")
struct ClientTokenTests {
    @Test("A random token is a lower-case version-4 UUID, and tokens do not repeat")
    func randomTokens() {
        var seen = Set<String>()
        for _ in 0..<2000 {
            let token = ClientToken.random()
            #expect(token.count == 36)
            #expect(token == token.lowercased())
            let parsed = UUID(uuidString: token)
            #expect(parsed?.uuidString.lowercased() == token)
            let characters = Array(token)
            #expect(characters[14] == "4")
            #expect("89ab".contains(characters[19]))
            seen.insert(token)
        }
        #expect(seen.count == 2000)
    }

    @Test("The client's default generator makes such tokens, within ECS's 64 ASCII characters")
    func defaultGenerator() {
        let token = ECSClient.Configuration().clientTokenGenerator()
        #expect(token.utf8.count <= 64)
        #expect(UUID(uuidString: token) != nil)
    }
}

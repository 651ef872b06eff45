extension ECSClient {
    /// Launches one or more instances (`RunInstances`).
    ///
    /// The call carries a ClientToken (yours, or one the client makes) that every retry reuses, so a
    /// retry after a lost answer returns the first launch instead of starting a second one.
    /// - Parameters:
    ///   - request: What to launch.
    ///   - options: Per-call overrides.
    /// - Returns: The IDs of the instances launched.
    public func runInstances(_ request: RunInstancesRequest, options: CallOptions = .default) async throws -> RunInstancesResponse {
        try await send(request, options: options)
    }

    /// Lists instances and their details (`DescribeInstances`), one page.
    ///
    /// For all pages, use ``describeInstancesPages(_:options:)`` or ``allInstances(_:options:)``.
    /// - Parameters:
    ///   - request: Filters and paging.
    ///   - options: Per-call overrides.
    /// - Returns: One page of instances.
    public func describeInstances(_ request: DescribeInstancesRequest, options: CallOptions = .default) async throws -> DescribeInstancesResponse {
        try await send(request, options: options)
    }

    /// Starts making a custom image from an instance or snapshot (`CreateImage`).
    ///
    /// The image is usable once ``describeImages(_:options:)`` (with a `status` filter that includes
    /// `Creating`) reports it `Available`. Retries reuse one ClientToken, so at most one image is made.
    /// - Parameters:
    ///   - request: What to image.
    ///   - options: Per-call overrides.
    /// - Returns: The new image's ID.
    public func createImage(_ request: CreateImageRequest, options: CallOptions = .default) async throws -> CreateImageResponse {
        try await send(request, options: options)
    }

    /// Lists images (`DescribeImages`), one page.
    ///
    /// Without a `status` filter ECS returns only `Available` images. For all pages, use
    /// ``describeImagesPages(_:options:)`` or ``allImages(_:options:)``.
    /// - Parameters:
    ///   - request: Filters and paging.
    ///   - options: Per-call overrides.
    /// - Returns: One page of images.
    public func describeImages(_ request: DescribeImagesRequest, options: CallOptions = .default) async throws -> DescribeImagesResponse {
        try await send(request, options: options)
    }
}

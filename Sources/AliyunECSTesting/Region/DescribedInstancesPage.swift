import AliyunECS

/// What DescribeInstances answers with: the page's instances as ``DescribedInstanceMemo`` described them
/// (their JSON, written once), and the rest of the answer.
struct DescribedInstancesPage {
    /// The page's instances, in the order they are answered.
    var instances: [DescribedInstanceMemo.Entry]
    /// Every other member of the answer (token, page number and size, total count, request ID); its own
    /// `instances` stay empty.
    var response: DescribeInstancesResponse
}

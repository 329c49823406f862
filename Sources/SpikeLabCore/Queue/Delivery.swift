/// One message handed to a consumer by a receive.
public struct Delivery: Sendable, Equatable {
    public var receipt: ReceiptHandle
    public var message: QueueMessage
    /// How many times it has been received, this time included.
    public var receiveCount: Int
    /// Time it waited visible before this receive.
    public var queueWait: TimeSpan

    public init(receipt: ReceiptHandle, message: QueueMessage, receiveCount: Int, queueWait: TimeSpan) {
        self.receipt = receipt
        self.message = message
        self.receiveCount = receiveCount
        self.queueWait = queueWait
    }
}

using Grpc.Net.Client;
using SocialCare.Contracts;

namespace SocialCare.Cli;

/// <summary>The API's clients over one channel.</summary>
internal sealed class CareClient : IDisposable
{
    private readonly GrpcChannel _channel;

    /// <param name="credential">Sent with every call; null sends none (ping, login --dev).</param>
    public CareClient(string endpoint, CareCredential? credential)
    {
        _channel = credential is null ? GrpcChannel.ForAddress(endpoint) : credential.Channel(endpoint);
        Ingest = new Wire.IngestService.IngestServiceClient(_channel);
        Queues = new Wire.QueueService.QueueServiceClient(_channel);
        Conversations = new Wire.ConversationService.ConversationServiceClient(_channel);
        Admin = new Wire.AdminService.AdminServiceClient(_channel);
        Customers = new Wire.CustomerService.CustomerServiceClient(_channel);
        Diagnostics = new Wire.DiagnosticsService.DiagnosticsServiceClient(_channel);
        Auth = new Wire.AuthService.AuthServiceClient(_channel);
        Audit = new Wire.AuditService.AuditServiceClient(_channel);
        Deliveries = new Wire.DeliveryService.DeliveryServiceClient(_channel);
        SavedReplies = new Wire.SavedReplyService.SavedReplyServiceClient(_channel);
        Knowledge = new Wire.KnowledgeService.KnowledgeServiceClient(_channel);
    }

    public Wire.KnowledgeService.KnowledgeServiceClient Knowledge { get; }

    public Wire.SavedReplyService.SavedReplyServiceClient SavedReplies { get; }

    public Wire.DeliveryService.DeliveryServiceClient Deliveries { get; }

    public Wire.AuditService.AuditServiceClient Audit { get; }

    public Wire.IngestService.IngestServiceClient Ingest { get; }

    public Wire.QueueService.QueueServiceClient Queues { get; }

    public Wire.ConversationService.ConversationServiceClient Conversations { get; }

    public Wire.AdminService.AdminServiceClient Admin { get; }

    public Wire.CustomerService.CustomerServiceClient Customers { get; }

    public Wire.DiagnosticsService.DiagnosticsServiceClient Diagnostics { get; }

    public Wire.AuthService.AuthServiceClient Auth { get; }

    public void Dispose() => _channel.Dispose();
}

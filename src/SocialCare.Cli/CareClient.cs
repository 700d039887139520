using Grpc.Core.Interceptors;
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
        // Every answer passes through --output's interceptor (see Output).
        var calls = _channel.Intercept(Output.Interceptor);
        Ingest = new Wire.IngestService.IngestServiceClient(calls);
        Queues = new Wire.QueueService.QueueServiceClient(calls);
        Conversations = new Wire.ConversationService.ConversationServiceClient(calls);
        Admin = new Wire.AdminService.AdminServiceClient(calls);
        Customers = new Wire.CustomerService.CustomerServiceClient(calls);
        Diagnostics = new Wire.DiagnosticsService.DiagnosticsServiceClient(calls);
        Auth = new Wire.AuthService.AuthServiceClient(calls);
        Audit = new Wire.AuditService.AuditServiceClient(calls);
        Deliveries = new Wire.DeliveryService.DeliveryServiceClient(calls);
        SavedReplies = new Wire.SavedReplyService.SavedReplyServiceClient(calls);
        Knowledge = new Wire.KnowledgeService.KnowledgeServiceClient(calls);
        Policies = new Wire.CarePolicyService.CarePolicyServiceClient(calls);
        Steps = new Wire.AdminService.AdminServiceClient(_channel);
    }

    /// <summary>
    /// Tenant calls that are steps of a command (read, check, then change), whose answers are not
    /// printed as they come: the command shows its result once (<see cref="Output.Result"/>).
    /// </summary>
    public Wire.AdminService.AdminServiceClient Steps { get; }

    public Wire.KnowledgeService.KnowledgeServiceClient Knowledge { get; }

    public Wire.CarePolicyService.CarePolicyServiceClient Policies { get; }

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

using Grpc.Core;
using SocialCare.Api.Access;
using SocialCare.Api.Guardrails;

namespace SocialCare.Api.Tests;

/// <summary>Replies pass the tenant's guardrails before they are stored; a blocked one says why, field by finding.</summary>
[Collection(ApiCollection.Name)]
public sealed class GuardrailApiTests(ApiFixture api)
{
    private async Task<string> OpenAsync(string tenant) =>
        (await api.Ingest.IngestMentionAsync(Requests.Ingest(Requests.Mention(tenant, "ann", "I was charged twice for my booking!")))).Conversation;

    private static Wire.GuardrailFindings Findings(RpcException refused) =>
        Wire.GuardrailFindings.Parser.ParseFrom(refused.Trailers.GetValueBytes("socialcare-guardrails-bin"));

    [Fact]
    public async Task A_public_reply_with_a_card_number_is_refused_with_its_finding_and_nothing_is_stored()
    {
        var tenant = await api.NewTenantAsync();
        var conversation = await OpenAsync(tenant);

        var refused = await Expect.Fails(
            api.Conversations.PostReplyAsync(new Wire.PostReplyRequest { Name = conversation, AgentId = "jd", Text = "Your card number 4111 1111 1111 1111 was refunded, sh1t happens" }),
            StatusCode.FailedPrecondition);

        Assert.Contains("payment card number (•••• 1111)", refused.Status.Detail, StringComparison.Ordinal);
        var findings = Findings(refused).Findings;
        Assert.Equal([Wire.FindingKind.PaymentCard, Wire.FindingKind.Profanity], findings.Select(f => f.Kind));
        Assert.Equal((17, 19, "•••• 1111"), (findings[0].Start, findings[0].Length, findings[0].Excerpt));
        var shown = (await api.Conversations.GetConversationAsync(new Wire.GetConversationRequest { Name = conversation })).Conversation;
        Assert.Equal(1, shown.MessageCount);
        Assert.Equal("", shown.AssignedAgentId);
        // The refusal is in the trail, naming what was found and never the words.
        var trail = await new Wire.AuditService.AuditServiceClient(api.Channel).ListAuditEntriesAsync(new Wire.ListAuditEntriesRequest { Parent = $"tenants/{tenant}", PageSize = 100 });
        var blocked = Assert.Single(trail.Entries, e => e.Action == "reply.blocked");
        Assert.Equal(("visibility=Public found=payment_card,profanity", Wire.AuditOutcome.Denied, "jd"), (blocked.Detail, blocked.Outcome, blocked.Actor));
        Assert.DoesNotContain("4111", blocked.Detail, StringComparison.Ordinal);

        var privately = await api.Conversations.PostReplyAsync(new Wire.PostReplyRequest { Name = conversation, AgentId = "jd", Text = "Refund to card 4111 1111 1111 1111 is on its way.", Visibility = Wire.Visibility.Private });
        Assert.Empty(privately.Warnings);
        Assert.Equal(Wire.MessageKind.AgentReply, privately.Reply.Kind);
    }

    [Fact]
    public async Task A_tenants_policy_adds_its_own_words_promises_and_identifiers()
    {
        var tenant = await api.NewTenantAsync(t => t.Guardrails = new Wire.GuardrailPolicy
        {
            BannedWords = { "muppet" },
            ForbiddenPromises =
            {
                new Wire.ForbiddenPromise { Phrase = "refund guaranteed", Action = Wire.GuardrailAction.Block },
                new Wire.ForbiddenPromise { Phrase = "compensation", Action = Wire.GuardrailAction.Warn },
            },
            Identifiers = { new Wire.IdentifierPattern { Name = "member numbers", Pattern = @"\bFB\d{9}\b" } },
            BlockPersonalDataInPrivate = true,
        });
        var conversation = await OpenAsync(tenant);
        Task<Wire.PostReplyResponse> Reply(string text, Wire.Visibility visibility = Wire.Visibility.Public) =>
            api.Conversations.PostReplyAsync(new Wire.PostReplyRequest { Name = conversation, AgentId = "jd", Text = text, Visibility = visibility }).ResponseAsync;

        Assert.Equal(Wire.FindingKind.ForbiddenPromise, Findings(await Assert.ThrowsAsync<RpcException>(() => Reply("Refund guaranteed by Friday!"))).Findings.Single().Kind);
        Assert.Equal(Wire.FindingKind.Profanity, Findings(await Assert.ThrowsAsync<RpcException>(() => Reply("Some muppet lost your bag."))).Findings.Single().Kind);
        Assert.Equal(Wire.FindingKind.TenantIdentifier, Findings(await Assert.ThrowsAsync<RpcException>(() => Reply("Your member number FB123456789 is noted.", Wire.Visibility.Private))).Findings.Single().Kind);

        var warned = await Reply("We will look into compensation for the delay.");
        Assert.Equal(Wire.FindingKind.ForbiddenPromise, Assert.Single(warned.Warnings).Kind);
        var stored = (await api.Admin.GetTenantAsync(new Wire.GetTenantRequest { Name = $"tenants/{tenant}" })).Tenant.Guardrails;
        Assert.Equal((true, 3, "member numbers"), (stored.BlockPersonalDataInPrivate, stored.MaxLinks, stored.Identifiers.Single().Name));
    }

    [Fact]
    public async Task A_pattern_that_does_not_compile_is_refused_naming_it() =>
        await Expect.Fails(
            api.Admin.CreateTenantAsync(new Wire.CreateTenantRequest
            {
                Tenant = new Wire.Tenant { TenantId = $"t{Guid.NewGuid():N}"[..20], Guardrails = new Wire.GuardrailPolicy { Identifiers = { new Wire.IdentifierPattern { Name = "refs", Pattern = "([A-Z" } } } },
            }),
            StatusCode.InvalidArgument,
            "tenant.guardrails.identifiers[0].pattern");
}

/// <summary>A remote agent never receives customers' personal data whole; an office agent does; nothing stored changes.</summary>
[Collection(ApiCollection.Name)]
public sealed class RemoteRedactionTests(ApiFixture api)
{
    [Fact]
    public async Task Every_read_a_remote_agent_makes_masks_personal_data_and_office_agents_see_it()
    {
        var tenant = await api.NewTenantAsync(t => t.Guardrails = new Wire.GuardrailPolicy { Identifiers = { new Wire.IdentifierPattern { Name = "member numbers", Pattern = @"\bFB\d{9}\b" } } });
        const string Said = "Charged twice on 4111 1111 1111 1111! Member FB123456789, call +31 6 1234 5678";
        var opened = await api.Ingest.IngestMentionAsync(Requests.Ingest(Requests.Mention(tenant, "ann", Said)));
        TokenSubject Agent(Domain.Access.AgentLocation location) => new("kim", [tenant], Domain.Access.CareRoles.Agent | Domain.Access.CareRoles.Connector, Location: location);
        using var remote = api.ChannelFor(Contracts.CareCredential.Bearer(api.Token(Agent(Domain.Access.AgentLocation.Remote))));
        using var office = api.ChannelFor(Contracts.CareCredential.Bearer(api.Token(Agent(Domain.Access.AgentLocation.Office))));
        var remoteConversations = new Wire.ConversationService.ConversationServiceClient(remote);
        const string Masked = "Charged twice on •••• 1111! Member •••• 6789, call •••• 5678";

        var got = await remoteConversations.GetConversationAsync(new Wire.GetConversationRequest { Name = opened.Conversation });
        var listed = await remoteConversations.ListConversationMessagesAsync(new Wire.ListConversationMessagesRequest { Parent = opened.Conversation });
        var queue = await new Wire.QueueService.QueueServiceClient(remote).ListQueueAsync(new Wire.ListQueueRequest { Parent = $"tenants/{tenant}" });
        var claimed = await remoteConversations.ClaimConversationAsync(new Wire.ClaimConversationRequest { Name = opened.Conversation });
        Assert.Equal(Masked, got.Conversation.Messages.Single().Text);
        Assert.Equal(Masked, listed.Messages.Single().Text);
        Assert.Equal(Masked, claimed.Conversation.Messages.Single().Text);
        Assert.DoesNotContain("4111", queue.Items.Single().Preview, StringComparison.Ordinal);

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var watch = new Wire.QueueService.QueueServiceClient(remote).WatchQueue(new Wire.WatchQueueRequest { Parent = $"tenants/{tenant}" }, cancellationToken: timeout.Token);
        await watch.ResponseStream.NextAsync(e => e.Type == Wire.QueueEventType.Subscribed, timeout.Token);
        await api.Ingest.IngestMentionAsync(Requests.Ingest(Requests.Mention(tenant, "ann", "Card 5555 5555 5555 4444 too")));
        var change = await watch.ResponseStream.NextAsync(e => e.Item?.Conversation == opened.Conversation, timeout.Token);
        Assert.Equal("Card •••• 4444 too", change.Item.Preview);

        var seenInOffice = await new Wire.ConversationService.ConversationServiceClient(office).GetConversationAsync(new Wire.GetConversationRequest { Name = opened.Conversation });
        Assert.Equal(Said, seenInOffice.Conversation.Messages[0].Text);
    }

    /// <summary>Every message a response of the contract can carry, found from the services' output types.</summary>
    private static IEnumerable<Google.Protobuf.Reflection.MessageDescriptor> ResponseMessages()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<Google.Protobuf.Reflection.MessageDescriptor>(
            Wire.ConversationReflection.Descriptor.Dependencies.Prepend(Wire.ConversationReflection.Descriptor)
                .Concat(typeof(Wire.AuthService).Assembly.GetTypes()
                    .Where(t => t.Namespace == typeof(Wire.AuthService).Namespace && t.Name.EndsWith("Reflection", StringComparison.Ordinal))
                    .Select(t => (Google.Protobuf.Reflection.FileDescriptor)t.GetProperty("Descriptor")!.GetValue(null)!))
                .Where(f => f.Package == "socialcare.v1")
                .SelectMany(f => f.Services)
                .SelectMany(s => s.Methods)
                .Select(m => m.OutputType));
        while (pending.TryPop(out var message))
        {
            if (!seen.Add(message.FullName))
            {
                continue;
            }

            yield return message;
            // A map is classified as a whole (its entries are not messages of the contract).
            foreach (var field in message.Fields.InDeclarationOrder().Where(f => f.FieldType == Google.Protobuf.Reflection.FieldType.Message && !f.IsMap && f.MessageType.File.Package == "socialcare.v1"))
            {
                pending.Push(field.MessageType);
            }
        }
    }

    [Fact]
    public void Every_string_field_a_response_can_carry_is_classified_for_redaction()
    {
        var fields = ResponseMessages()
            .SelectMany(m => m.Fields.InDeclarationOrder())
            .Where(f => f.FieldType == Google.Protobuf.Reflection.FieldType.String || (f.IsMap && f.MessageType.FindFieldByNumber(2).FieldType == Google.Protobuf.Reflection.FieldType.String))
            .Select(f => f.FullName)
            .Distinct()
            .ToList();
        var classified = RedactedFields.Words.Concat(RedactedFields.CustomerIdentifiers).Concat(RedactedFields.Kept).ToList();

        Assert.True(fields.Count > 100, $"only {fields.Count} response string fields were found");
        Assert.DoesNotContain(fields, f => !classified.Contains(f));
        // Each field in one class only, and no class names a field the contract no longer has.
        Assert.Equal(classified.Count, classified.Distinct().Count());
        Assert.DoesNotContain(classified, f => !fields.Contains(f));
    }

    [Fact]
    public async Task A_remote_agent_sees_notes_rejection_reasons_and_whatsapp_numbers_masked()
    {
        var tenant = await api.NewTenantAsync(t => t.Approvals = new Wire.ApprovalPolicy { NewAgents = { "new-hire" } });
        var mention = Requests.Mention(tenant, "31611111111", "Where is my refund?", Wire.Channel.Whatsapp);
        mention.Author.Handle = "+31 6 1111 1111";
        mention.Visibility = Wire.Visibility.Private;
        var opened = await api.Ingest.IngestMentionAsync(Requests.Ingest(mention));
        var reply = await api.Conversations.PostReplyAsync(new Wire.PostReplyRequest { Name = opened.Conversation, AgentId = "new-hire", Text = "Refund sent.", Visibility = Wire.Visibility.Private });
        using var remote = api.ChannelFor(Contracts.CareCredential.Bearer(api.Token(new TokenSubject("kim", [tenant], Domain.Access.CareRoles.Supervisor, Location: Domain.Access.AgentLocation.Remote))));
        await new Wire.ConversationService.ConversationServiceClient(remote).RejectReplyAsync(
            new Wire.RejectReplyRequest { Name = opened.Conversation, MessageId = reply.Reply.MessageId, Reason = "Ask her to confirm on +44 20 7946 0958 first." });
        await api.Conversations.EscalateAsync(new Wire.EscalateRequest { Name = opened.Conversation, AgentId = "new-hire", TeamId = "legal", Note = "Card 4111 1111 1111 1111 charged twice." });

        var seen = (await new Wire.ConversationService.ConversationServiceClient(remote).GetConversationAsync(new Wire.GetConversationRequest { Name = opened.Conversation })).Conversation;
        var customer = (await new Wire.CustomerService.CustomerServiceClient(remote).GetCustomerAsync(new Wire.GetCustomerRequest { Name = opened.Customer })).Customer;
        var queued = (await new Wire.QueueService.QueueServiceClient(remote).ListQueueAsync(new Wire.ListQueueRequest { Parent = $"tenants/{tenant}/teams/legal" })).Items.Single();

        Assert.Equal("Card •••• 1111 charged twice.", seen.Escalations.Single().Note);
        Assert.Equal("Ask her to confirm on •••• 0958 first.", seen.Messages.Single(m => m.MessageId == reply.Reply.MessageId).Approval.Reason);
        var customerMessage = seen.Messages.First();
        Assert.Equal(("•••• 1111", "•••• 1111"), (customerMessage.Author.NetworkUserId, customerMessage.Author.Handle));
        Assert.Equal(("•••• 1111", "•••• 1111"), (customer.Identities.Single().NetworkUserId, customer.Identities.Single().Handle));
        Assert.Equal("•••• 1111", queued.AuthorHandle);
        var whole = (await api.Conversations.GetConversationAsync(new Wire.GetConversationRequest { Name = opened.Conversation })).Conversation;
        Assert.Equal(("31611111111", "Card 4111 1111 1111 1111 charged twice."), (whole.Messages.First().Author.NetworkUserId, whole.Escalations.Single().Note));
    }
}

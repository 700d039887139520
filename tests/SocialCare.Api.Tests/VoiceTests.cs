using Grpc.Core;
using SocialCare.Api.Access;
using SocialCare.Contracts;
using SocialCare.Domain.Access;

namespace SocialCare.Api.Tests;

/// <summary>The brand's sign-off: the server signs replies whose author brought no signature, in the tenant's voice.</summary>
[Collection(ApiCollection.Name)]
public sealed class VoiceTests(ApiFixture api)
{
    [Fact]
    public async Task A_reply_without_a_signature_is_signed_in_the_brands_voice_and_an_authors_own_signature_wins()
    {
        var tenant = await api.NewTenantAsync(t =>
        {
            t.SignatureTemplate = "^{agent.initials} ({brand.name})";
            t.ReplyVariables["brand.name"] = "Acme Air";
            t.SavedReplies.Add(new Wire.SavedReply { Id = "thanks", Text = "Thanks, {customer.name}! {agent.signature}" });
        });
        var jane = new Wire.ConversationService.ConversationServiceClient(api.ChannelFor(CareCredential.Bearer(api.Token(
            new TokenSubject("jane", [tenant], CareRoles.Agent, DisplayName: "Jane Doe")))));
        var kim = new Wire.ConversationService.ConversationServiceClient(api.ChannelFor(CareCredential.Bearer(api.Token(
            new TokenSubject("kim", [tenant], CareRoles.Agent, DisplayName: "Kim Lee", Signature: "~Kim")))));
        async Task<string> OpenAsync() => (await api.Ingest.IngestMentionAsync(Requests.Ingest(Requests.Mention(tenant, $"a{Guid.NewGuid():N}"[..10], "Where is my bag?")))).Conversation;

        var signed = await jane.PostReplyAsync(new Wire.PostReplyRequest { Name = await OpenAsync(), Text = "We are tracing it." });
        var own = await kim.PostReplyAsync(new Wire.PostReplyRequest { Name = await OpenAsync(), Text = "We are tracing it." });
        var saved = await jane.PostReplyAsync(new Wire.PostReplyRequest { Name = await OpenAsync(), SavedReplyId = "thanks" });

        Assert.Equal("We are tracing it. ^JD (Acme Air)", signed.Reply.Text);
        Assert.Equal("We are tracing it. ~Kim", own.Reply.Text);
        Assert.StartsWith("Thanks, ", saved.Reply.Text, StringComparison.Ordinal);
        // The saved reply places the sign-off itself, so it is not appended again.
        Assert.EndsWith("! ^JD (Acme Air)", saved.Reply.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Air) ^JD", saved.Reply.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_sign_off_with_an_unknown_variable_or_too_long_is_refused_naming_the_field()
    {
        await Expect.Fails(
            api.Admin.CreateTenantAsync(new Wire.CreateTenantRequest { Tenant = new Wire.Tenant { TenantId = $"t{Guid.NewGuid():N}"[..20], SignatureTemplate = "^{agent.mood}" } }),
            StatusCode.InvalidArgument, "tenant.signature_template");
        await Expect.Fails(
            api.Admin.CreateTenantAsync(new Wire.CreateTenantRequest { Tenant = new Wire.Tenant { TenantId = $"t{Guid.NewGuid():N}"[..20], SignatureTemplate = new string('x', 70) } }),
            StatusCode.InvalidArgument, "tenant.signature_template");
    }
}

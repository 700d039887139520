using System.Text;
using SocialCare.Connectors.Webhooks;

namespace SocialCare.Connectors.Tests;

/// <summary>
/// Signature checks against a published HMAC-SHA256 vector (RFC 4231, test case 2: key "Jefe",
/// data "what do ya want for nothing?"), so the expected values do not come from the code under test.
/// </summary>
public sealed class WebhookSignatureTests
{
    private const string Secret = "Jefe";
    private const string RfcHex = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843";
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("what do ya want for nothing?");
    private static readonly string RfcBase64 = Convert.ToBase64String(Convert.FromHexString(RfcHex));

    [Fact]
    public void Metas_hex_signature_of_the_body_with_the_app_secret_is_valid_and_anything_else_is_not()
    {
        Assert.Equal(WebhookVerdict.Valid, WebhookSignatures.VerifyMeta(Body, $"sha256={RfcHex}", Secret));
        Assert.Equal(WebhookVerdict.Valid, WebhookSignatures.VerifyMeta(Body, $"sha256={RfcHex.ToUpperInvariant()}", Secret));
        Assert.Equal(WebhookVerdict.Mismatch, WebhookSignatures.VerifyMeta([.. Body, (byte)' '], $"sha256={RfcHex}", Secret));
        Assert.Equal(WebhookVerdict.Mismatch, WebhookSignatures.VerifyMeta(Body, $"sha256={RfcHex}", "another secret"));
        Assert.Equal(WebhookVerdict.Missing, WebhookSignatures.VerifyMeta(Body, null, Secret));
        Assert.Equal(WebhookVerdict.Missing, WebhookSignatures.VerifyMeta(Body, " ", Secret));
        Assert.Equal(WebhookVerdict.Malformed, WebhookSignatures.VerifyMeta(Body, RfcHex, Secret));
        Assert.Equal(WebhookVerdict.Malformed, WebhookSignatures.VerifyMeta(Body, $"sha1={RfcHex}", Secret));
        Assert.Equal(WebhookVerdict.Malformed, WebhookSignatures.VerifyMeta(Body, $"sha256={RfcHex[..62]}", Secret));
        Assert.Equal(WebhookVerdict.Malformed, WebhookSignatures.VerifyMeta(Body, $"sha256={RfcHex[..62]}zz", Secret));
    }

    [Fact]
    public void Xs_base64_signature_of_the_body_with_the_consumer_secret_is_valid_and_anything_else_is_not()
    {
        Assert.Equal(WebhookVerdict.Valid, WebhookSignatures.VerifyX(Body, $"sha256={RfcBase64}", Secret));
        Assert.Equal(WebhookVerdict.Mismatch, WebhookSignatures.VerifyX(Encoding.UTF8.GetBytes("what do ya want for nothing!"), $"sha256={RfcBase64}", Secret));
        Assert.Equal(WebhookVerdict.Mismatch, WebhookSignatures.VerifyX(Body, $"sha256={RfcBase64}", "Jeff"));
        Assert.Equal(WebhookVerdict.Missing, WebhookSignatures.VerifyX(Body, "", Secret));
        Assert.Equal(WebhookVerdict.Malformed, WebhookSignatures.VerifyX(Body, $"sha256={RfcHex}", Secret));
        Assert.Equal(WebhookVerdict.Malformed, WebhookSignatures.VerifyX(Body, "sha256=not base64!", Secret));
    }

    [Fact]
    public void The_x_crc_answer_is_the_base64_hmac_of_the_token_and_changes_with_either()
    {
        Assert.Equal($"sha256={RfcBase64}", WebhookSignatures.XCrcResponseToken("what do ya want for nothing?", Secret));
        Assert.NotEqual(WebhookSignatures.XCrcResponseToken("token-1", Secret), WebhookSignatures.XCrcResponseToken("token-2", Secret));
        Assert.NotEqual(WebhookSignatures.XCrcResponseToken("token-1", Secret), WebhookSignatures.XCrcResponseToken("token-1", "other"));
    }

    [Fact]
    public void Signatures_are_over_the_bytes_as_sent_so_the_same_json_written_again_does_not_match()
    {
        // Meta sends non-ASCII escaped; the same object serialised again carries the raw "é".
        var asSent = Encoding.UTF8.GetBytes("{\"message\":\"caf\\u00e9\"}");
        var rewritten = Encoding.UTF8.GetBytes("{\"message\":\"café\"}");
        var signature = "sha256=" + Convert.ToHexString(System.Security.Cryptography.HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), asSent));

        Assert.Equal(WebhookVerdict.Valid, WebhookSignatures.VerifyMeta(asSent, signature, Secret));
        Assert.Equal(WebhookVerdict.Mismatch, WebhookSignatures.VerifyMeta(rewritten, signature, Secret));
    }

    [Fact]
    public void Metas_subscription_challenge_is_echoed_only_for_subscribe_with_our_token()
    {
        Assert.Equal("1158201444", WebhookSignatures.MetaChallenge("subscribe", "our-token", "1158201444", "our-token"));
        Assert.Null(WebhookSignatures.MetaChallenge("subscribe", "their-token", "1158201444", "our-token"));
        Assert.Null(WebhookSignatures.MetaChallenge("subscribe", "our-toke", "1158201444", "our-token"));
        Assert.Null(WebhookSignatures.MetaChallenge("unsubscribe", "our-token", "1158201444", "our-token"));
        Assert.Null(WebhookSignatures.MetaChallenge("subscribe", null, "1158201444", "our-token"));
        Assert.Null(WebhookSignatures.MetaChallenge("subscribe", "our-token", "", "our-token"));
    }
}

using SocialCare.Api.Common;
using SocialCare.Domain.Conversations;
using SocialCare.Domain.Errors;
using SocialCare.Domain.Text;

namespace SocialCare.Api.Conversations;

/// <summary>
/// Attachments, choices and referrals from the wire, checked. Refusals name the field at fault
/// ("mention.attachments[2].url"); links must be absolute http(s) so no console ever renders a
/// script link a client slipped in. The way back to the wire is <see cref="Connectors.Webhooks.WireContent"/>.
/// </summary>
public static class MessageContentMapping
{
    private const int MaxTypeLength = 128;
    private const int MaxPayloadLength = 1000;
    private const int MaxContactEntries = 20;

    public static IReadOnlyList<Attachment> ToDomain(this IList<Wire.Attachment> attachments, string field)
    {
        ArgumentNullException.ThrowIfNull(attachments);
        if (attachments.Count == 0)
        {
            return [];
        }

        if (attachments.Count > MessageContent.MaxAttachments)
        {
            throw CareException.Invalid(field, $"holds {attachments.Count} attachments; at most {MessageContent.MaxAttachments} are taken.");
        }

        var read = new Attachment[attachments.Count];
        for (var i = 0; i < attachments.Count; i++)
        {
            read[i] = attachments[i].ToDomain($"{field}[{i}]");
        }

        return read;
    }

    private static Attachment ToDomain(this Wire.Attachment a, string field)
    {
        FieldRules.Bounded(field + ".network_type", a.NetworkType, MaxTypeLength);
        FieldRules.Bounded(field + ".media_type", a.MediaType, MaxTypeLength);
        Link(field + ".url", a.Url);
        FieldRules.OptionalId(field + ".media_id", a.MediaId);
        FieldRules.Bounded(field + ".name", a.Name, ConversationLimits.MaxNameLength);
        if (a.SizeBytes < 0)
        {
            throw CareException.Invalid(field + ".size_bytes", "must not be negative.");
        }

        return new Attachment(Enum.IsDefined((AttachmentKind)(int)a.Kind) ? (AttachmentKind)(int)a.Kind : AttachmentKind.Other)
        {
            NetworkType = ProtoFields.NullIfEmpty(a.NetworkType),
            MediaType = ProtoFields.NullIfEmpty(a.MediaType),
            Url = ProtoFields.NullIfEmpty(a.Url),
            MediaId = ProtoFields.NullIfEmpty(a.MediaId),
            Name = ProtoFields.NullIfEmpty(a.Name),
            SizeBytes = a.SizeBytes == 0 ? null : a.SizeBytes,
            Caption = FieldRules.OptionalText(field + ".caption", a.Caption),
            Location = a.Location is { } l ? l.ToDomain(field + ".location") : null,
            Contact = a.Contact is { } c ? c.ToDomain(field + ".contact") : null,
        };
    }

    private static GeoLocation ToDomain(this Wire.GeoLocation l, string field)
    {
        if (!double.IsFinite(l.Latitude) || Math.Abs(l.Latitude) > 90)
        {
            throw CareException.Invalid(field + ".latitude", "must be a number of degrees from -90 to 90.");
        }

        if (!double.IsFinite(l.Longitude) || Math.Abs(l.Longitude) > 180)
        {
            throw CareException.Invalid(field + ".longitude", "must be a number of degrees from -180 to 180.");
        }

        FieldRules.Bounded(field + ".name", l.Name, ConversationLimits.MaxNameLength);
        FieldRules.Bounded(field + ".address", l.Address, ConversationLimits.MaxNameLength);
        return new GeoLocation(l.Latitude, l.Longitude, ProtoFields.NullIfEmpty(l.Name), ProtoFields.NullIfEmpty(l.Address));
    }

    private static ContactCard ToDomain(this Wire.ContactCard c, string field)
    {
        FieldRules.Bounded(field + ".name", c.Name, ConversationLimits.MaxNameLength);
        return new ContactCard(c.Name, Entries(field + ".phones", c.Phones), Entries(field + ".emails", c.Emails));
    }

    private static string[] Entries(string field, IList<string> entries)
    {
        if (entries.Count > MaxContactEntries)
        {
            throw CareException.Invalid(field, $"holds {entries.Count} entries; at most {MaxContactEntries} are taken.");
        }

        for (var i = 0; i < entries.Count; i++)
        {
            FieldRules.Bounded($"{field}[{i}]", entries[i], ConversationLimits.MaxNameLength);
        }

        return [.. entries];
    }

    public static CustomerChoice? ToDomain(this Wire.CustomerChoice? choice, string field)
    {
        if (choice is null)
        {
            return null;
        }

        if (string.IsNullOrWhiteSpace(choice.Title))
        {
            throw CareException.Invalid(field + ".title", "is required: what the customer saw and tapped.");
        }

        FieldRules.Bounded(field + ".title", choice.Title, ConversationLimits.MaxNameLength);
        FieldRules.Bounded(field + ".payload", choice.Payload, MaxPayloadLength);
        var kind = Enum.IsDefined((ChoiceKind)(int)choice.Kind) ? (ChoiceKind)(int)choice.Kind : ChoiceKind.Other;
        return new CustomerChoice(kind, choice.Title.Trim(), ProtoFields.NullIfEmpty(choice.Payload))
        {
            ResponseJson = FieldRules.OptionalText(field + ".response_json", choice.ResponseJson),
        };
    }

    public static Referral? ToDomain(this Wire.Referral? referral, string field)
    {
        if (referral is null)
        {
            return null;
        }

        if (string.IsNullOrWhiteSpace(referral.Source))
        {
            throw CareException.Invalid(field + ".source", "is required: the network's word for where the customer came from.");
        }

        FieldRules.Bounded(field + ".source", referral.Source, MaxTypeLength);
        FieldRules.Bounded(field + ".type", referral.Type, MaxTypeLength);
        FieldRules.OptionalId(field + ".ad_id", referral.AdId);
        FieldRules.Bounded(field + ".ref", referral.Ref, MaxPayloadLength);
        Link(field + ".url", referral.Url);
        FieldRules.Bounded(field + ".headline", referral.Headline, ConversationLimits.MaxNameLength);
        return new Referral(referral.Source)
        {
            Type = ProtoFields.NullIfEmpty(referral.Type),
            AdId = ProtoFields.NullIfEmpty(referral.AdId),
            Ref = ProtoFields.NullIfEmpty(referral.Ref),
            Url = ProtoFields.NullIfEmpty(referral.Url),
            Headline = ProtoFields.NullIfEmpty(referral.Headline),
        };
    }

    /// <summary>An absolute http or https link, or nothing.</summary>
    private static void Link(string field, string? url)
    {
        if (string.IsNullOrEmpty(url))
        {
            return;
        }

        FieldRules.Bounded(field, url, WebLink.MaxLength);
        if (!WebLink.IsWebLink(url))
        {
            throw CareException.Invalid(field, "must be an absolute http or https link.");
        }
    }
}

using Google.Protobuf.WellKnownTypes;
using SocialCare.Domain.Conversations;

namespace SocialCare.Connectors.Webhooks;

/// <summary>
/// A post read from a network (by a webhook or a listener), as the mention a connector sends
/// through IngestMention: one mapping for the host's webhooks and the connector's listeners.
/// </summary>
public static class InboundPostMapping
{
    public static Wire.Mention ToMention(this InboundPost post, string tenantId)
    {
        ArgumentNullException.ThrowIfNull(post);
        var mention = new Wire.Mention
        {
            TenantId = tenantId,
            Channel = (Wire.Channel)(int)post.Channel,
            NetworkMessageId = post.NetworkMessageId,
            ThreadId = post.ThreadId ?? "",
            InReplyToId = post.InReplyToId ?? "",
            Author = new Wire.Author
            {
                NetworkUserId = post.AuthorId,
                Handle = post.AuthorName ?? post.AuthorId,
                DisplayName = post.AuthorDisplayName ?? post.AuthorName ?? "",
                FollowerCount = post.AuthorFollowers ?? 0,
                Verified = post.AuthorVerified,
            },
            Text = post.Text,
            Visibility = (Wire.Visibility)(int)post.Visibility,
            CreateTime = post.CreatedAt is { } at ? Timestamp.FromDateTimeOffset(at) : null,
            KeywordMatch = !post.Addressed,
            AccountId = post.AccountId,
            Language = post.Language ?? "",
            Choice = post.Choice?.ToProto(),
            Referral = post.Referral?.ToProto(),
            Standby = post.Standby,
            GroupId = post.GroupId ?? "",
        };
        mention.Attachments.AddRange(post.Attachments.Select(WireContent.ToProto));
        return mention;
    }
}

/// <summary>Attachments, choices and referrals as the wire carries them (the API checks them on the way in).</summary>
public static class WireContent
{
    public static Wire.Attachment ToProto(this Attachment a)
    {
        ArgumentNullException.ThrowIfNull(a);
        var proto = new Wire.Attachment
        {
            Kind = (Wire.AttachmentKind)(int)a.Kind,
            NetworkType = a.NetworkType ?? "",
            MediaType = a.MediaType ?? "",
            Url = a.Url ?? "",
            MediaId = a.MediaId ?? "",
            Name = a.Name ?? "",
            SizeBytes = a.SizeBytes ?? 0,
            Caption = a.Caption ?? "",
            Location = a.Location is { } l ? new Wire.GeoLocation { Latitude = l.Latitude, Longitude = l.Longitude, Name = l.Name ?? "", Address = l.Address ?? "" } : null,
        };
        if (a.Contact is { } c)
        {
            proto.Contact = new Wire.ContactCard { Name = c.Name };
            proto.Contact.Phones.AddRange(c.Phones);
            proto.Contact.Emails.AddRange(c.Emails);
        }

        return proto;
    }

    public static Wire.CustomerChoice ToProto(this CustomerChoice c)
    {
        ArgumentNullException.ThrowIfNull(c);
        return new Wire.CustomerChoice { Kind = (Wire.ChoiceKind)(int)c.Kind, Title = c.Title, Payload = c.Payload ?? "", ResponseJson = c.ResponseJson ?? "" };
    }

    public static Wire.Referral ToProto(this Referral r)
    {
        ArgumentNullException.ThrowIfNull(r);
        return new Wire.Referral { Source = r.Source, Type = r.Type ?? "", AdId = r.AdId ?? "", Ref = r.Ref ?? "", Url = r.Url ?? "", Headline = r.Headline ?? "" };
    }
}

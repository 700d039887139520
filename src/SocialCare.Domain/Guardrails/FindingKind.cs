namespace SocialCare.Domain.Guardrails;

/// <summary>What a guardrail found in a reply (or in a customer's message, for redaction).</summary>
public enum FindingKind
{
    /// <summary>A payment card number (Luhn-valid, a card network's prefix), with or without spaces or dashes.</summary>
    PaymentCard = 1,

    /// <summary>An IBAN whose checksum holds.</summary>
    Iban = 2,

    Email = 3,

    /// <summary>A phone number in an international or common national format.</summary>
    Phone = 4,

    /// <summary>One of the tenant's own identifiers (member, account or booking numbers), by its pattern.</summary>
    TenantIdentifier = 5,

    /// <summary>A swear word or insult, also written with digits or stars for letters.</summary>
    Profanity = 6,

    /// <summary>A promise the tenant does not let agents make in writing ("refund guaranteed").</summary>
    ForbiddenPromise = 7,

    /// <summary>Nothing but the signature.</summary>
    SignatureOnly = 8,

    /// <summary>Written in capitals throughout: it reads as shouting.</summary>
    Shouting = 9,

    /// <summary>More links than the tenant allows in one reply.</summary>
    TooManyLinks = 10,
}

using System.Text;

namespace SocialCare.Domain.Text;

/// <summary>Enum values as words in messages and trail details, the way the API spells them ("BookingHelp" is "booking_help").</summary>
public static class EnumWords
{
    public static string Of<T>(T value)
        where T : struct, Enum
    {
        var name = value.ToString();
        var words = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                words.Append('_');
            }

            words.Append(char.ToLowerInvariant(name[i]));
        }

        return words.ToString();
    }
}

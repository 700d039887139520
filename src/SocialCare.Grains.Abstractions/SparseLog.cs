namespace SocialCare.Grains.Abstractions;

/// <summary>
/// When a failure that can repeat on every call is logged: its 1st, 10th, 100th... occurrence on
/// this silo, so a silo under pressure tells its operator how often without flooding its log.
/// </summary>
public static class SparseLog
{
    public static bool IsDue(long count)
    {
        if (count < 1)
        {
            return false;
        }

        while (count % 10 == 0)
        {
            count /= 10;
        }

        return count == 1;
    }
}

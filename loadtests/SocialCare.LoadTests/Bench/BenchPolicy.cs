namespace SocialCare.LoadTests.Bench;

/// <summary>
/// A care policy of a large brand for the ingest rows: many rules each of whose cheap conditions
/// (channel, position) hold, so every one searches the text for its keywords, which the bench's
/// mentions never contain; the last rule matches everything. That is the costliest evaluation a
/// rule list of that length can make of an ordinary mention.
/// </summary>
internal static class BenchPolicy
{
    private static readonly Wire.Channel[] Channels = [Wire.Channel.X, Wire.Channel.Facebook, Wire.Channel.Instagram, Wire.Channel.Messenger, Wire.Channel.Whatsapp];

    public static Wire.CarePolicy Rules(int count)
    {
        var policy = new Wire.CarePolicy();
        for (var i = 0; i < count - 1; i++)
        {
            var rule = new Wire.PolicyRule
            {
                RuleId = $"rule-{i:D3}",
                When = new Wire.PolicyConditions
                {
                    Channels = { Channels },
                    Keywords = { $"zebra{i}", $"quokka{i}", $"narwhal{i}", $"axolotl{i}", $"pangolin{i}" },
                    Exclusions = { $"okapi{i}" },
                },
                Then = new Wire.PolicyActions { RaisePriority = 1, Tags = { $"tag-{i}" } },
            };
            policy.Rules.Add(rule);
        }

        if (count > 0)
        {
            policy.Rules.Add(new Wire.PolicyRule { RuleId = "everyone", Then = new Wire.PolicyActions { Tags = { "seen" } } });
        }

        return policy;
    }
}

using System.Text.Json.Nodes;

namespace SocialCare.Testing.Networks;

/// <summary>
/// Bends one JSON value into shapes a network never documented: one node somewhere in it is
/// replaced by a value of another kind (a number where an object was, a string timestamp, a
/// year-10000 time, an empty array, deep nesting) or removed. Seeded, so a failing case is
/// reproduced from its seed. Webhook tests put a mutated event beside a good one and check the
/// good one still gets through.
/// </summary>
public static class JsonMutator
{
    private static readonly Func<Random, JsonNode?>[] OddValues =
    [
        _ => null,
        _ => JsonValue.Create(0),
        _ => JsonValue.Create(1),
        _ => JsonValue.Create(-1),
        _ => JsonValue.Create(1.5),
        _ => JsonValue.Create(1e300),
        _ => JsonNode.Parse("99999999999999999999999"),
        _ => JsonValue.Create(253_402_300_800_000L),
        _ => JsonValue.Create(true),
        _ => JsonValue.Create(""),
        _ => JsonValue.Create("x"),
        _ => JsonValue.Create("1527459824"),
        _ => JsonValue.Create("9999999999999999"),
        _ => JsonValue.Create("\u0000\uFFFF"),
        _ => new JsonArray(),
        _ => new JsonArray(1, "x", null),
        _ => new JsonObject(),
        _ => new JsonObject { ["id"] = 1, ["text"] = new JsonArray() },
        r => Nest(r.Next(1, 20)),
        r => JsonValue.Create(new string('a', r.Next(1, 5_000))),
    ];

    /// <summary>A copy of <paramref name="value"/> with one node replaced by an odd value, or removed.</summary>
    public static JsonNode? Mutate(JsonNode value, Random random)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(random);
        var copy = value.DeepClone();
        var nodes = new List<JsonNode>();
        Collect(copy, nodes);
        var target = nodes[random.Next(nodes.Count)];
        var odd = OddValues[random.Next(OddValues.Length)](random);
        if (target.Parent is null)
        {
            return odd;
        }

        switch (target.Parent)
        {
            case JsonObject parent:
                var name = target.GetPropertyName();
                if (random.Next(4) == 0)
                {
                    parent.Remove(name);
                }
                else
                {
                    parent[name] = odd;
                }

                break;
            case JsonArray array:
                array[target.GetElementIndex()] = odd;
                break;
        }

        return copy;
    }

    private static void Collect(JsonNode? node, List<JsonNode> into)
    {
        if (node is null)
        {
            return;
        }

        into.Add(node);
        switch (node)
        {
            case JsonObject obj:
                foreach (var (_, child) in obj)
                {
                    Collect(child, into);
                }

                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    Collect(child, into);
                }

                break;
        }
    }

    private static JsonNode Nest(int depth)
    {
        JsonNode node = new JsonArray();
        for (var i = 0; i < depth; i++)
        {
            node = new JsonObject { ["a"] = node };
        }

        return node;
    }
}

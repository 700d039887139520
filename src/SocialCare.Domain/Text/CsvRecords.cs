using System.Text;

namespace SocialCare.Domain.Text;

/// <summary>
/// Reads CSV as RFC 4180 writes it: a header row, fields separated by commas, quoted fields that
/// may hold commas, doubled quotes and line breaks, CRLF or LF line ends, an optional UTF-8 BOM.
/// Brands' exports are read with it (training and evaluating triage), so a malformed file is an
/// error naming the line rather than a silently shifted column.
/// </summary>
public static class CsvRecords
{
    /// <summary>The header's column names and each record as a dictionary by column name.</summary>
    /// <exception cref="FormatException">An unterminated quote, or a record with another number of fields than the header.</exception>
    public static (IReadOnlyList<string> Header, IEnumerable<IReadOnlyDictionary<string, string>> Records) Read(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var rows = Parsed(reader, ',').GetEnumerator();
        if (!rows.MoveNext())
        {
            throw new FormatException("The file is empty: a header row is expected.");
        }

        var header = rows.Current.Fields.Select((name, i) => i == 0 ? name.TrimStart('\uFEFF') : name).ToList();
        return (header, Records(header, rows));
    }

    private static IEnumerable<IReadOnlyDictionary<string, string>> Records(List<string> header, IEnumerator<(int Line, List<string> Fields)> rows)
    {
        using (rows)
        {
            while (rows.MoveNext())
            {
                var (line, fields) = rows.Current;
                if (fields.Count == 1 && fields[0].Length == 0)
                {
                    continue;
                }

                if (fields.Count != header.Count)
                {
                    throw new FormatException($"Line {line} has {fields.Count} fields; the header has {header.Count}.");
                }

                var record = new Dictionary<string, string>(header.Count, StringComparer.Ordinal);
                for (var i = 0; i < header.Count; i++)
                {
                    record[header[i]] = fields[i];
                }

                yield return record;
            }
        }
    }

    /// <summary>
    /// Every row as its fields, with the line it starts on, the header included: for readers that
    /// decide for themselves whether a first row is a header (a load test's export).
    /// </summary>
    /// <param name="separator">A comma, or what a spreadsheet's "sep=;" line says.</param>
    public static IEnumerable<(int Line, IReadOnlyList<string> Fields)> Rows(TextReader reader, char separator = ',')
    {
        ArgumentNullException.ThrowIfNull(reader);
        return Parsed(reader, separator).Select(row => (row.Line, (IReadOnlyList<string>)row.Fields));
    }

    private static IEnumerable<(int Line, List<string> Fields)> Parsed(TextReader reader, char separator)
    {
        var line = 1;
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        var startLine = 1;
        int c;
        while ((c = reader.Read()) >= 0)
        {
            if (quoted)
            {
                if (c == '"')
                {
                    if (reader.Peek() == '"')
                    {
                        reader.Read();
                        field.Append('"');
                    }
                    else
                    {
                        quoted = false;
                    }
                }
                else
                {
                    line += c == '\n' ? 1 : 0;
                    field.Append((char)c);
                }

                continue;
            }

            switch (c)
            {
                case '"' when field.Length == 0:
                    quoted = true;
                    break;
                case var c2 when c2 == separator:
                    fields.Add(field.ToString());
                    field.Clear();
                    break;
                case '\r' when reader.Peek() == '\n':
                    break;
                case '\n' or '\r':
                    fields.Add(field.ToString());
                    field.Clear();
                    yield return (startLine, fields);
                    fields = [];
                    line++;
                    startLine = line;
                    break;
                default:
                    field.Append((char)c);
                    break;
            }
        }

        if (quoted)
        {
            throw new FormatException($"Line {startLine} opens a quoted field that never closes.");
        }

        if (field.Length > 0 || fields.Count > 0)
        {
            fields.Add(field.ToString());
            yield return (startLine, fields);
        }
    }
}

using System.Collections.Concurrent;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace SocialCare.Host.Operations;

/// <summary>
/// ASP.NET Core's data-protection key ring, kept in memory for the life of the process. Nothing
/// SocialCare sends is protected by it (tokens are signed JWTs, API keys are hashed in storage),
/// so its keys need not outlive the process; left to itself it writes them under
/// $HOME/.aspnet, which a read-only container does not have, at every start.
/// </summary>
internal sealed class ProcessKeyRing : IXmlRepository
{
    private readonly ConcurrentQueue<XElement> _keys = new();

    public IReadOnlyCollection<XElement> GetAllElements() => [.. _keys.Select(k => new XElement(k))];

    public void StoreElement(XElement element, string friendlyName) => _keys.Enqueue(new XElement(element));
}

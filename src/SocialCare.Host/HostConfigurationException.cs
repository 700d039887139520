namespace SocialCare.Host;

/// <summary>A setting that stops the host from starting; its message is printed as one line.</summary>
public sealed class HostConfigurationException : Exception
{
    public HostConfigurationException()
    {
    }

    public HostConfigurationException(string message)
        : base(message)
    {
    }

    public HostConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

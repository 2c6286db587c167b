namespace LvsDirector.Checkers.Configuration;

/// <summary>DNS_CHECK <c>type</c>; values are the RFC 1035 §3.2.2 / RFC 3596 TYPE codes.</summary>
public enum DnsQueryType : ushort
{
    A = 1,
    NS = 2,
    CNAME = 5,
    SOA = 6,
    MX = 15,
    TXT = 16,
    AAAA = 28,
}

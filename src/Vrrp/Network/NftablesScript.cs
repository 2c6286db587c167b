using System.Net;
using System.Net.Sockets;
using System.Text;

namespace LvsDirector.Vrrp.Network;

/// <summary>
/// The nft(8) script of the no_accept filter: one table, replaced in one transaction (nft -f applies a file
/// atomically), so a reload never leaves a moment without the filter. Pure, so it is tested as text.
/// </summary>
internal static class NftablesScript
{
    public const string Table = "lvs_director_vrrp";

    public static string Build(IReadOnlyCollection<IPAddress> addresses)
    {
        var text = new StringBuilder();
        // "add" first so that "delete" never fails on a first run.
        text.Append("add table inet ").Append(Table).Append('\n');
        text.Append("delete table inet ").Append(Table).Append('\n');
        if (addresses.Count == 0) return text.ToString();

        var v4 = addresses.Where(a => a.AddressFamily == AddressFamily.InterNetwork).Select(a => a.ToString()).Order(StringComparer.Ordinal).ToList();
        var v6 = addresses.Where(a => a.AddressFamily == AddressFamily.InterNetworkV6).Select(a => a.ToString()).Order(StringComparer.Ordinal).ToList();
        text.Append("table inet ").Append(Table).Append(" {\n");
        text.Append("\tset vips4 {\n\t\ttype ipv4_addr\n");
        if (v4.Count > 0) text.Append("\t\telements = { ").AppendJoin(", ", v4).Append(" }\n");
        text.Append("\t}\n");
        text.Append("\tset vips6 {\n\t\ttype ipv6_addr\n");
        if (v6.Count > 0) text.Append("\t\telements = { ").AppendJoin(", ", v6).Append(" }\n");
        text.Append("\t}\n");
        // Priority -1: before the usual filter tables, so an operator's accept rule cannot re-admit the traffic.
        text.Append("\tchain input {\n\t\ttype filter hook input priority -1; policy accept;\n");
        text.Append("\t\tip daddr @vips4 counter drop\n");
        // Neighbour discovery to the address must still work, or peers could not reach the Master at all.
        text.Append("\t\tip6 daddr @vips6 icmpv6 type { nd-neighbor-solicit, nd-neighbor-advert } accept\n");
        text.Append("\t\tip6 daddr @vips6 counter drop\n");
        text.Append("\t}\n}\n");
        return text.ToString();
    }
}

using LvsDirector.Checkers.Configuration;
using LvsDirector.Vrrp.Configuration;

namespace LvsDirector.Config.Binding;

/// <summary>
/// The libraries' options as validation bound them, so that starting or reloading does not bind the same model
/// a second time (100,000 real servers in a large configuration). A part is null when validation did not bind it
/// (not validated, or its binder failed): the host binds it then.
/// </summary>
internal sealed record LibraryOptions(VrrpOptions? Vrrp, LvsBinding? Lvs, CheckerOptions? Checkers)
{
    public static LibraryOptions None { get; } = new(null, null, null);
}

using LvsDirector.Config.Validation;

namespace LvsDirector.Director.Tests.Config;

public class LibraryOptionsValidatorTests
{
    [Fact]
    public void NamedBlocks_LongestNameFirst_WrittenOrderAmongEquals()
    {
        // A library refusal names its block by the longest name its path contains: VI_10 before VI_1.
        var config = ConfigTestHelpers.Load("""
            vrrp_instance VI_1 {
                state BACKUP
                interface eth0
                virtual_router_id 1
                priority 100
            }
            vrrp_instance VI_10 {
                state BACKUP
                interface eth0
                virtual_router_id 10
                priority 100
            }
            vrrp_instance VI_2 {
                state BACKUP
                interface eth0
                virtual_router_id 2
                priority 100
            }
            virtual_server 192.0.2.1 80 {
                protocol TCP
                lb_algo rr
                real_server 198.51.100.1 80 {
                }
            }
            """);

        var blocks = LibraryOptionsValidator.NamedBlocks(config.Model);

        Assert.Equal(new[] { "192.0.2.1:80/TCP", "VI_10", "VI_1", "VI_2" }, blocks.Select(b => b.Name));
        Assert.Equal(new[] { 19, 7, 1, 13 }, blocks.Select(b => b.Location.Line));
    }
}

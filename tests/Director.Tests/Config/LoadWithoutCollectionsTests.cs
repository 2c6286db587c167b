using LvsDirector.Config;

namespace LvsDirector.Director.Tests.Config;

public class LoadWithoutCollectionsTests
{
    [Fact]
    public void Budget_SmallFile_CollectsAsUsual() =>
        Assert.Null(LoadWithoutCollections.Budget(LoadWithoutCollections.MinFileBytes - 1, heapBytes: 0));

    [Fact]
    public void Budget_LargeFileOnRunningDirector_CollectsAsUsual() =>
        Assert.Null(LoadWithoutCollections.Budget(12L << 20, heapBytes: 500L << 20));

    [Fact]
    public void Budget_LargeFileAtStart_ScalesWithFileAndIsCapped()
    {
        Assert.Equal((2L << 20) * LoadWithoutCollections.BytesPerFileByte, LoadWithoutCollections.Budget(2L << 20, heapBytes: 0));
        Assert.Equal(LoadWithoutCollections.MaxBudget, LoadWithoutCollections.Budget(100L << 20, heapBytes: 0));
    }

    [Fact]
    public void Budget_DaemonStart_LeavesRoomForTheFirstTable()
    {
        // The daemon's start covers the load, composing and programming the first table: more than the load alone.
        Assert.Equal((2L << 20) * LoadWithoutCollections.StartBytesPerFileByte,
            LoadWithoutCollections.Budget(2L << 20, heapBytes: 0, LoadWithoutCollections.StartBytesPerFileByte));
        Assert.True(LoadWithoutCollections.StartBytesPerFileByte > LoadWithoutCollections.BytesPerFileByte);
        Assert.Equal(LoadWithoutCollections.MaxBudget, LoadWithoutCollections.Budget(100L << 20, heapBytes: 0, LoadWithoutCollections.StartBytesPerFileByte));
    }

    [Fact]
    public void Dispose_Twice_EndsTheRegionOnce()
    {
        // The daemon ends its region after the first table and again on its way out.
        var path = Path.Combine(Path.GetTempPath(), $"lvs-nogc-{Guid.NewGuid():N}.conf");
        try
        {
            File.WriteAllBytes(path, new byte[LoadWithoutCollections.MinFileBytes + 1]);
            var region = LoadWithoutCollections.Begin(path, LoadWithoutCollections.StartBytesPerFileByte);
            region.Dispose();
            region.Dispose();
            Assert.NotEqual(System.Runtime.GCLatencyMode.NoGCRegion, System.Runtime.GCSettings.LatencyMode);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void LoadFile_LargeConfiguration_LeavesNoRegionOpen()
    {
        var path = Path.Combine(Path.GetTempPath(), $"lvs-nogc-{Guid.NewGuid():N}.conf");
        try
        {
            using (var writer = new StreamWriter(path))
            {
                for (var i = 0; writer.BaseStream.Length < LoadWithoutCollections.MinFileBytes + 4096; i++)
                {
                    writer.WriteLine($"vrrp_script chk_{i} {{\n    script \"/bin/true\"\n    interval 2\n}}");
                    writer.Flush();
                }
            }
            var config = KeepalivedConfigLoader.LoadFile(path, ConfigTestHelpers.Offline);

            Assert.NotEmpty(config.Model.GetObjects("vrrp_script"));
            Assert.NotEqual(System.Runtime.GCLatencyMode.NoGCRegion, System.Runtime.GCSettings.LatencyMode);
        }
        finally
        {
            File.Delete(path);
        }
    }
}

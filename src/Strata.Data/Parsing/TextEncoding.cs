namespace Strata.Data.Parsing;

/// <summary>How a file's bytes become text.</summary>
public enum TextEncoding
{
    /// <summary>Strict UTF-8: an invalid byte sequence is a <see cref="DataFormatException"/> (ASCII files are read this way too).</summary>
    Utf8,
    /// <summary>ISO-8859-1: every byte is one character (old MovieLens files).</summary>
    Latin1,
}

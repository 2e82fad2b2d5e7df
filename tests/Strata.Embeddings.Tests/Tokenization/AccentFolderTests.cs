using System.Globalization;
using CsCheck;
using Strata.Embeddings.Tokenization;

namespace Strata.Embeddings.Tests.Tokenization;

public sealed class AccentFolderTests
{
    [Theory]
    [InlineData("Misérables", "Miserables")]
    [InlineData("Amélie Poulain", "Amelie Poulain")]
    [InlineData("ÉCOLE Ångström naïve façade", "ECOLE Angstrom naive facade")]
    [InlineData("e\u0301", "e")] // already decomposed: the combining mark is dropped
    [InlineData("Øresund Straße", "Øresund Straße")] // no canonical decomposition: unchanged, as in BERT
    [InlineData("한", "\u1112\u1161\u11AB")] // Hangul syllable → conjoining jamo
    public void Strips_accents_like_bert(string text, string expected) => Assert.Equal(expected, AccentFolder.Fold(text));

    [Fact]
    public void Ascii_text_comes_back_as_the_same_instance()
    {
        var text = "Action|Sci-Fi\tplain";
        Assert.Same(text, AccentFolder.Fold(text));
    }

    [Fact]
    public void Folding_is_idempotent_and_leaves_no_nonspacing_marks()
    {
        Gen.String[Gen.Char[(char)0, (char)0xD7FF], 0, 30].Sample(text =>
        {
            var folded = AccentFolder.Fold(text);
            Assert.Equal(folded, AccentFolder.Fold(folded));
            Assert.DoesNotContain(folded, c => char.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark);
        }, iter: 2000);
    }
}

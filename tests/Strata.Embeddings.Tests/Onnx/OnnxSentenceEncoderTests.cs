using CsCheck;
using Microsoft.Extensions.AI;
using Strata.Core.Vectors;
using Strata.Embeddings.Onnx;

namespace Strata.Embeddings.Tests.Onnx;

[Collection(EncoderCollection.Name)]
public sealed class OnnxSentenceEncoderTests(EncoderFixture fixture)
{
    internal static readonly string[] PublishedSentences =
        ["The weather is lovely today.", "It's so sunny outside!", "He drove to the stadium."];

    public static readonly string[] HardTexts =
    [
        "Misérables, Les (1995)",
        "Amélie (Fabuleux destin d'Amélie Poulain, Le) (2001)",
        "Action|Sci-Fi",
        "Adventure|Animation|Children's|Comedy|Fantasy",
        "line one\nline two\ttabbed\r\nwindows",
        "“Curly quotes” and ‘single ones’ aren’t straight",
        "Wait for it… and then… nothing",
        "Supercalifragilisticexpialidociouspneumonoultramicroscopicsilicovolcanoconiosis is long",
        "Café Müller, naïve façade, ÉCOLE, Ångström, Øresund, Straße",
        "千と千尋の神隠し (Spirited Away) 2001",
        "   padded   with   spaces   ",
        "",
    ];

    [Fact]
    public async Task MiniLM_reproduces_the_published_sentence_transformers_similarities()
    {
        var vectors = await fixture.MiniLM.GenerateAsync(PublishedSentences);

        // https://sbert.net quickstart: [[1.0000, 0.6660, 0.1046], [0.6660, 1.0000, 0.1411], [0.1046, 0.1411, 1.0000]]
        Assert.Equal(0.6660, Cosine(vectors[0], vectors[1]), 0.0005);
        Assert.Equal(0.1046, Cosine(vectors[0], vectors[2]), 0.0005);
        Assert.Equal(0.1411, Cosine(vectors[1], vectors[2]), 0.0005);
    }

    [Fact]
    public async Task Batched_and_one_at_a_time_vectors_agree_on_hard_text()
    {
        var batched = await fixture.MiniLM.GenerateAsync(HardTexts);
        for (int i = 0; i < HardTexts.Length; i++)
        {
            var single = await fixture.MiniLM.GenerateAsync([HardTexts[i]]);
            Assert.True(Cosine(batched[i], single[0]) > 0.9999, $"'{HardTexts[i]}': cosine {Cosine(batched[i], single[0])}");
        }
    }

    [Theory]
    [InlineData("Misérables", "[CLS] miserable ##s [SEP]")]
    [InlineData("Amélie", "[CLS] amelie [SEP]")]
    [InlineData("Action|Sci-Fi", "[CLS] action | sci - fi [SEP]")]
    [InlineData("a\tb\nc", "[CLS] a b c [SEP]")]
    [InlineData("“quoted”…", "[CLS] “ quoted ” … [SEP]")]
    [InlineData("ÉCOLE Ångström Straße", "[CLS] ecole ang ##strom st ##raße [SEP]")]
    public void Tokenisation_matches_bert_uncased(string text, string expected)
    {
        var vocabulary = Vocabulary.Value;
        var tokens = string.Join(' ', fixture.MiniLM.Tokenize(text).Select(id => vocabulary[(int)id]));
        Assert.Equal(expected, tokens);
    }

    [Fact]
    public void Latin_hard_texts_never_produce_unknown_tokens()
    {
        // Only the Japanese title may: BERT's uncased vocabulary lacks 尋 and 隠, and Hugging Face gives [UNK] there too.
        int unknown = Array.IndexOf(Vocabulary.Value, "[UNK]");
        foreach (var text in HardTexts.Where(t => !t.StartsWith('千')))
            Assert.DoesNotContain(unknown, fixture.MiniLM.Tokenize(text).Select(id => (int)id));
    }

    [Fact]
    public async Task Accents_are_stripped_not_lost_so_accented_and_plain_spellings_embed_identically()
    {
        var vectors = await fixture.MiniLM.GenerateAsync(["Les Misérables", "Les Miserables", "Les M"]);
        Assert.True(Cosine(vectors[0], vectors[1]) > 0.99999);
        Assert.True(Cosine(vectors[0], vectors[2]) < 0.95);
    }

    [Fact]
    public async Task Empty_and_whitespace_text_embed_as_the_empty_string_unit_vector()
    {
        var vectors = await fixture.MiniLM.GenerateAsync(["", " \t\n ", "hello"]);
        Assert.Equal(1.0, Norm(vectors[0]), 1e-5);
        Assert.Equal(vectors[0].Vector.ToArray(), vectors[1].Vector.ToArray());
        Assert.True(Cosine(vectors[0], vectors[2]) < 0.99);
    }

    [Fact]
    public async Task Text_beyond_the_token_limit_is_truncated()
    {
        var words = string.Join(' ', Enumerable.Range(0, 400).Select(i => $"word{i % 37}"));
        var tokens = fixture.MiniLM.Tokenize(words);
        Assert.Equal(256, tokens.Length);
        Assert.Equal(102, tokens[^1]); // [SEP] closes a truncated sequence too

        var vectors = await fixture.MiniLM.GenerateAsync([words, words + " and a very different ending about volcanoes"]);
        Assert.True(Cosine(vectors[0], vectors[1]) > 0.99999);
    }

    [Fact]
    public async Task Arctic_xs_gives_unit_vectors_that_rank_related_sentences_first()
    {
        var vectors = await fixture.ArcticXs.GenerateAsync(PublishedSentences);
        foreach (var v in vectors) Assert.Equal(1.0, Norm(v), 1e-5);
        Assert.True(Cosine(vectors[0], vectors[1]) > Cosine(vectors[0], vectors[2]));
        Assert.True(Cosine(vectors[0], vectors[1]) > Cosine(vectors[1], vectors[2]));
    }

    [Fact]
    public async Task Vectors_land_in_input_order_whatever_the_length_sort()
    {
        string[] texts = ["a much longer sentence about cooking pasta at home", "cat", "a medium sentence about dogs"];
        var together = await fixture.MiniLM.GenerateAsync(texts);
        var reversed = await fixture.MiniLM.GenerateAsync(texts.Reverse());
        for (int i = 0; i < texts.Length; i++)
            Assert.True(Cosine(together[i], reversed[texts.Length - 1 - i]) > 0.9999);
    }

    [Fact]
    public async Task Any_text_gives_a_finite_unit_vector_equal_to_its_batched_vector()
    {
        var text = Gen.Char.Array[0, 40].Select(chars => new string(chars));
        await Gen.Select(text, text, text).SampleAsync(async (a, b, c) =>
        {
            var batch = await fixture.MiniLM.GenerateAsync([a, b, c]);
            var single = await fixture.MiniLM.GenerateAsync([b]);
            foreach (var v in batch)
            {
                Assert.All(v.Vector.ToArray(), x => Assert.True(float.IsFinite(x)));
                Assert.Equal(1.0, Norm(v), 1e-4);
            }
            Assert.True(Cosine(batch[1], single[0]) > 0.9999);
        }, iter: 40, threads: 1);
    }

    private static readonly Lazy<string[]> Vocabulary = new(() =>
    {
        using var reader = ModelResources.OpenVocabulary(SentenceEncoderModel.MiniLM);
        return reader.ReadToEnd().Split('\n').Select(line => line.TrimEnd('\r')).ToArray();
    });

    private static double Cosine(Embedding<float> a, Embedding<float> b) => VectorMath.Cosine(a.Vector.Span, b.Vector.Span);

    private static double Norm(Embedding<float> v) => Math.Sqrt(VectorMath.Dot(v.Vector.Span, v.Vector.Span));
}

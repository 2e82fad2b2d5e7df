using System.Globalization;
using Strata.Core.Domain;
using Strata.Data.Generic;

namespace Strata.Data.Synthetic;

/// <summary>
/// A seeded synthetic shop for scale tests: topics with their own vocabulary and a two-level category path
/// (topic › subcategory), item texts made of topic words and shared words, Zipf item popularity, users with a few topic
/// interests, and click/purchase events in time order.
/// <para>
/// Memory is bounded by a few arrays of one number per item and per user (topic of each item, cumulative popularity
/// weights): <see cref="Items"/>, <see cref="Users"/> and <see cref="Events"/> stream, so 10⁶ items and 10⁷ events never
/// sit in memory as objects. The same options give the same shop in every process (SplitMix64 streams, no
/// <see cref="HashCode"/>); an item or user is generated from its index alone.
/// </para>
/// Generative story: item i has popularity weight w_i = (i+1)^−s and a topic drawn ∝ 1/√(topic+1). User u has 1…m
/// interest topics drawn ∝ topic mass M_t = Σ_{i∈t} w_i and is active ∝ (u+1)^−a. Each event picks a user by activity,
/// a topic (one of theirs, or any by mass with the exploration share), and an item of that topic ∝ w_i; so an item's
/// expected event count is ∝ w_i and the catalogue's popularity is Zipf with exponent s.
/// </summary>
public sealed class SyntheticShop
{
    private const long ItemStream = 1, UserStream = 2, EventStream = 3, VocabularyStream = 4;
    private const int TitleWords = 3;

    private readonly string[][] _topicWords;
    private readonly string[] _sharedWords;
    private readonly string[] _topicNames;
    private readonly string[][] _subcategoryNames;
    private readonly int[] _topicOf;
    // Items of topic t are _topicItems[_topicOffsets[t].._topicOffsets[t+1]], by index (= popularity rank);
    // _topicCumulative holds their running popularity sums, for inverse-CDF draws.
    private readonly int[] _topicOffsets;
    private readonly int[] _topicItems;
    private readonly double[] _topicCumulative;
    private readonly double[] _topicMassCumulative;
    private readonly double[] _userCumulative;
    private readonly int _nonEmptyTopics;

    public SyntheticShop(SyntheticShopOptions? options = null)
    {
        Options = options ?? new SyntheticShopOptions();
        Options.Validate();
        int topics = Options.Topics, items = Options.Items;
        (_topicWords, _sharedWords) = MakeVocabulary();
        _topicNames = new string[topics];
        _subcategoryNames = new string[topics][];
        for (int t = 0; t < topics; t++)
        {
            _topicNames[t] = Capitalise(_topicWords[t][0]);
            _subcategoryNames[t] = new string[Options.SubcategoriesPerTopic];
            for (int c = 0; c < Options.SubcategoriesPerTopic; c++)
                _subcategoryNames[t][c] = Capitalise(SubcategoryWords(t, c)[0]) + " " + _topicWords[t][0];
        }

        var topicSize = Cumulative(topics, t => 1 / Math.Sqrt(t + 1));
        _topicOf = new int[items];
        _topicOffsets = new int[topics + 1];
        for (int i = 0; i < items; i++)
        {
            var random = new SeededRandom(SeededRandom.Mix(Options.Seed, ItemStream, i));
            _topicOf[i] = Draw(topicSize, random.NextDouble() * topicSize[^1]);
            _topicOffsets[_topicOf[i] + 1]++;
        }
        for (int t = 0; t < topics; t++) _topicOffsets[t + 1] += _topicOffsets[t];
        _topicItems = new int[items];
        _topicCumulative = new double[items];
        var cursor = _topicOffsets[..topics];
        for (int i = 0; i < items; i++) _topicItems[cursor[_topicOf[i]]++] = i;
        var mass = new double[topics];
        for (int t = 0; t < topics; t++)
        {
            double sum = 0;
            for (int r = _topicOffsets[t]; r < _topicOffsets[t + 1]; r++) _topicCumulative[r] = sum += Popularity(_topicItems[r]);
            mass[t] = sum;
        }
        _topicMassCumulative = Cumulative(topics, t => mass[t]);
        _nonEmptyTopics = mass.Count(m => m > 0);
        _userCumulative = Cumulative(Options.Users, u => Math.Pow(u + 1, -Options.UserActivityExponent));
    }

    public SyntheticShopOptions Options { get; }

    /// <summary>Topic names (a topic's first word, capitalised), the first level of every item's category path.</summary>
    public IReadOnlyList<string> TopicNames => _topicNames;

    public static string ItemId(int item) => "i" + item.ToString(CultureInfo.InvariantCulture);
    public static string UserId(int user) => "u" + user.ToString(CultureInfo.InvariantCulture);

    public int TopicOf(int item) => _topicOf[item];

    /// <summary>The item's subcategory within its topic (0 … SubcategoriesPerTopic − 1).</summary>
    public int SubcategoryOf(int item)
    {
        var random = new SeededRandom(SeededRandom.Mix(Options.Seed, ItemStream, item));
        random.NextDouble(); // the topic draw
        return random.Next(Options.SubcategoriesPerTopic);
    }

    /// <summary>The words of a topic's own vocabulary.</summary>
    public IReadOnlyList<string> TopicWords(int topic) => _topicWords[topic];

    /// <summary>Words every topic shares.</summary>
    public IReadOnlyList<string> SharedWords => _sharedWords;

    /// <summary>The user's interest topics, strongest first (1 … MaxInterestsPerUser distinct topics).</summary>
    public int[] InterestsOf(int user)
    {
        var random = new SeededRandom(SeededRandom.Mix(Options.Seed, UserStream, user));
        var count = Math.Min(1 + random.Next(Options.MaxInterestsPerUser), _nonEmptyTopics); // empty topics are never drawn
        var interests = new int[count];
        for (int k = 0; k < count; k++)
        {
            int topic;
            do topic = Draw(_topicMassCumulative, random.NextDouble() * _topicMassCumulative[^1]);
            while (Array.IndexOf(interests, topic, 0, k) >= 0);
            interests[k] = topic;
        }
        return interests;
    }

    /// <summary>Item <paramref name="item"/> (0 … Items − 1), generated from its index alone.</summary>
    public Item ItemAt(int item)
    {
        var random = new SeededRandom(SeededRandom.Mix(Options.Seed, ItemStream, item));
        random.NextDouble(); // the topic draw, made in the constructor
        var subcategory = random.Next(Options.SubcategoriesPerTopic); // = SubcategoryOf(item)
        var topic = _topicOf[item];
        var own = SubcategoryWords(topic, subcategory);
        var topicWords = _topicWords[topic];
        var title = string.Join(' ', Capitalise(Pick(own, ref random)), Capitalise(Pick(topicWords, ref random)), Capitalise(Pick(_sharedWords, ref random)));
        var words = new string[Options.DescriptionWords];
        for (int w = 0; w < words.Length; w++)
        {
            // Half the topic words come from the subcategory's slice, so subcategories are visible in the text too.
            words[w] = random.NextDouble() < Options.TopicWordShare
                ? Pick(random.NextDouble() < 0.5 ? own : topicWords, ref random)
                : Pick(_sharedWords, ref random);
        }
        var price = (5 + random.Next(49_500) / 100.0).ToString("0.00", CultureInfo.InvariantCulture);
        return new Item(ItemId(item), title, [_topicNames[topic], _subcategoryNames[topic][subcategory]], [],
            new Dictionary<string, string> { ["description"] = string.Join(' ', words) },
            new Dictionary<string, string> { ["price"] = price });
    }

    /// <summary>Every item in index order (index = popularity rank, most popular first).</summary>
    public IEnumerable<Item> Items()
    {
        for (int i = 0; i < Options.Items; i++) yield return ItemAt(i);
    }

    /// <summary>Every user, with their interest topics as an attribute (for inspection; models never read it).</summary>
    public IEnumerable<User> Users()
    {
        for (int u = 0; u < Options.Users; u++)
        {
            var interests = string.Join('|', InterestsOf(u).Select(t => _topicNames[t]));
            yield return new User(UserId(u), new Dictionary<string, string> { ["interests"] = interests });
        }
    }

    /// <summary>
    /// The event log in time order (strictly increasing times, one stream: enumerate from the start for the same events).
    /// A light user may have no events; <see cref="Users"/> still lists them.
    /// </summary>
    public IEnumerable<Event> Events()
    {
        var random = new SeededRandom(SeededRandom.Mix(Options.Seed, EventStream, 0));
        long count = Options.Events;
        var start = Options.Start.ToUnixTimeMilliseconds();
        var step = count == 0 ? 0 : Options.SpanSeconds * 1000.0 / count;
        var interests = new Dictionary<int, int[]>();
        for (long e = 0; e < count; e++)
        {
            var user = Draw(_userCumulative, random.NextDouble() * _userCumulative[^1]);
            int topic;
            if (random.NextDouble() < Options.ExplorationShare) topic = Draw(_topicMassCumulative, random.NextDouble() * _topicMassCumulative[^1]);
            else
            {
                // Heavy users recur; cache their interests (bounded: cleared when it grows large).
                if (!interests.TryGetValue(user, out var mine))
                {
                    if (interests.Count >= 65_536) interests.Clear();
                    interests[user] = mine = InterestsOf(user);
                }
                // The first interest is the strongest: weights 1, 1/2, 1/3 …
                topic = mine[DrawHarmonic(mine.Length, random.NextDouble())];
            }
            var item = DrawItem(topic, random.NextDouble());
            var type = random.NextDouble() < Options.PurchaseShare ? EventType.Purchase : EventType.Click;
            var at = DateTimeOffset.FromUnixTimeMilliseconds(start + (long)(e * step));
            yield return new Event(UserId(user), ItemId(item), type, at);
        }
    }

    /// <summary>Writes the shop in the generic JSON Lines format (<c>items.jsonl</c>, <c>users.jsonl</c>, <c>events.jsonl</c>), streaming.</summary>
    public void WriteJsonl(string folder) => GenericFormatWriter.WriteJsonl(folder, Items(), Events(), Users());

    private double Popularity(int item) => Math.Pow(item + 1, -Options.ZipfExponent);

    private int DrawItem(int topic, double uniform)
    {
        // Each topic's running sums restart at its first item, so its last entry is the topic's mass.
        int from = _topicOffsets[topic], to = _topicOffsets[topic + 1];
        var target = uniform * _topicCumulative[to - 1];
        var r = Array.BinarySearch(_topicCumulative, from, to - from, target);
        if (r < 0) r = ~r;
        return _topicItems[Math.Min(r, to - 1)];
    }

    private static int DrawHarmonic(int count, double uniform)
    {
        double total = 0;
        for (int k = 0; k < count; k++) total += 1.0 / (k + 1);
        var target = uniform * total;
        for (int k = 0; k < count; k++)
            if ((target -= 1.0 / (k + 1)) < 0) return k;
        return count - 1;
    }

    /// <summary>Index of the first cumulative value above <paramref name="target"/> (inverse CDF).</summary>
    private static int Draw(double[] cumulative, double target)
    {
        var r = Array.BinarySearch(cumulative, target);
        if (r < 0) r = ~r;
        else r++; // an exact hit belongs to the next bucket: buckets are half-open [c_{r−1}, c_r)
        return Math.Min(r, cumulative.Length - 1);
    }

    private static double[] Cumulative(int count, Func<int, double> weight)
    {
        var cumulative = new double[count];
        double sum = 0;
        for (int i = 0; i < count; i++) cumulative[i] = sum += weight(i);
        return cumulative;
    }

    private ArraySegment<string> SubcategoryWords(int topic, int subcategory)
    {
        var words = _topicWords[topic];
        var width = words.Length / Options.SubcategoriesPerTopic;
        return new ArraySegment<string>(words, subcategory * width, width);
    }

    private static string Pick(IReadOnlyList<string> words, ref SeededRandom random)
    {
        // Squared uniform: a few words of each list are common and most are rare, as in real text.
        var u = random.NextDouble();
        return words[Math.Min(words.Count - 1, (int)(u * u * words.Count))];
    }

    private (string[][] Topics, string[] Shared) MakeVocabulary()
    {
        var random = new SeededRandom(SeededRandom.Mix(Options.Seed, VocabularyStream, 0));
        var seen = new HashSet<string>(StringComparer.Ordinal);
        string[] Words(int count)
        {
            var words = new string[count];
            for (int w = 0; w < count; w++)
            {
                string word;
                do word = PseudoWord(ref random); while (!seen.Add(word));
                words[w] = word;
            }
            return words;
        }
        var shared = Words(Options.SharedWords);
        var topics = new string[Options.Topics][];
        for (int t = 0; t < topics.Length; t++) topics[t] = Words(Options.WordsPerTopic);
        return (topics, shared);
    }

    private static string PseudoWord(ref SeededRandom random)
    {
        const string consonants = "bcdfghklmnprstvz", vowels = "aeiou";
        string[] codas = ["", "", "n", "r", "s", "l", "th"];
        var syllables = 2 + random.Next(2);
        var chars = new System.Text.StringBuilder(8);
        for (int s = 0; s < syllables; s++)
        {
            chars.Append(consonants[random.Next(consonants.Length)]).Append(vowels[random.Next(vowels.Length)]);
            if (s == syllables - 1) chars.Append(codas[random.Next(codas.Length)]);
        }
        return chars.ToString();
    }

    private static string Capitalise(string word) => char.ToUpperInvariant(word[0]) + word[1..];
}

using CsCheck;
using Strata.Core.Domain;
using Strata.Data.Generic;
using Strata.Data.Synthetic;

namespace Strata.Data.Tests.Synthetic;

public sealed class SyntheticShopTests
{
    private static readonly SyntheticShopOptions Small = new() { Items = 2_000, Users = 500, Events = 20_000, Topics = 12 };

    [Fact]
    public void The_same_seed_gives_the_same_shop_and_another_seed_another()
    {
        Gen.Int[0, 1_000_000].Sample(seed =>
        {
            var options = Small with { Seed = seed, Items = 300, Events = 2_000, Topics = 6 };
            var a = new SyntheticShop(options);
            var b = new SyntheticShop(options);
            Assert.Equal(a.Items(), b.Items());
            Assert.Equal(a.Users(), b.Users());
            Assert.Equal(a.Events(), b.Events());
            var other = new SyntheticShop(options with { Seed = seed + 1 });
            Assert.NotEqual(a.Events().Select(e => e.ItemId), other.Events().Select(e => e.ItemId));
        }, iter: 10);
    }

    [Fact]
    public void Items_are_generated_from_their_index_alone()
    {
        var shop = new SyntheticShop(Small);
        var all = shop.Items().ToList();
        foreach (var i in new[] { 1_999, 0, 777, 3 }) Assert.Equal(all[i], shop.ItemAt(i));
    }

    [Fact]
    public void Counts_ids_and_times_match_the_options()
    {
        var shop = new SyntheticShop(Small);
        var items = shop.Items().Select(i => i.Id).ToHashSet();
        var users = shop.Users().Select(u => u.Id).ToHashSet();
        Assert.Equal(Small.Items, items.Count);
        Assert.Equal(Small.Users, users.Count);
        long count = 0, purchases = 0;
        var last = DateTimeOffset.MinValue;
        foreach (var e in shop.Events())
        {
            count++;
            Assert.Contains(e.ItemId!, items);
            Assert.Contains(e.UserId, users);
            Assert.True(e.Timestamp > last, "times increase strictly");
            Assert.True(e.Type is EventType.Click or EventType.Purchase);
            if (e.Type == EventType.Purchase) purchases++;
            last = e.Timestamp;
        }
        Assert.Equal(Small.Events, count);
        Assert.InRange(purchases / (double)count, 0.04, 0.06);
        Assert.True(last < Small.Start.AddSeconds(Small.SpanSeconds));
    }

    [Fact]
    public void Item_popularity_follows_the_zipf_exponent()
    {
        var options = Small with { Items = 5_000, Users = 2_000, Events = 400_000, ZipfExponent = 1.0 };
        var counts = new int[options.Items];
        foreach (var e in new SyntheticShop(options).Events()) counts[int.Parse(e.ItemId![1..])]++;
        // Least-squares slope of log(count) against log(rank + 1) over ranks 1…300 (counts there are in the hundreds+).
        double sx = 0, sy = 0, sxx = 0, sxy = 0;
        const int from = 1, to = 300;
        for (int r = from; r < to; r++)
        {
            double x = Math.Log(r + 1), y = Math.Log(Math.Max(1, counts[r]));
            sx += x; sy += y; sxx += x * x; sxy += x * y;
        }
        int n = to - from;
        var slope = (n * sxy - sx * sy) / (n * sxx - sx * sx);
        Assert.InRange(slope, -1.15, -0.85);
        // And the head is far above the tail.
        Assert.True(counts[0] > 50 * counts[4_000..].Average());
    }

    [Fact]
    public void Users_act_mostly_within_their_interests()
    {
        var shop = new SyntheticShop(Small);
        long inside = 0, total = 0;
        foreach (var e in shop.Events())
        {
            var user = int.Parse(e.UserId[1..]);
            var topic = shop.TopicOf(int.Parse(e.ItemId![1..]));
            if (shop.InterestsOf(user).Contains(topic)) inside++;
            total++;
        }
        // 90 % are drawn inside; exploration draws land inside by chance too.
        Assert.InRange(inside / (double)total, 0.9, 1.0);
    }

    [Fact]
    public void Item_text_is_made_of_its_topic_words_and_shared_words()
    {
        var shop = new SyntheticShop(Small);
        var shared = shop.SharedWords.ToHashSet();
        foreach (var item in shop.Items().Take(300))
        {
            var index = int.Parse(item.Id[1..]);
            var topic = shop.TopicOf(index);
            var own = shop.TopicWords(topic).ToHashSet();
            var words = item.Text["description"].Split(' ');
            Assert.All(words, w => Assert.True(own.Contains(w) || shared.Contains(w), $"{w} is neither a topic nor a shared word"));
            Assert.True(words.Count(own.Contains) >= 3, "most of a description comes from its topic");
            Assert.Equal(shop.TopicNames[topic], item.Categories[0]);
            Assert.EndsWith(shop.TopicWords(topic)[0], item.Categories[1]);
            Assert.Contains(item.Title.Split(' ')[1].ToLowerInvariant(), own);
        }
    }

    [Fact]
    public void Vocabularies_of_topics_do_not_overlap()
    {
        var shop = new SyntheticShop(Small);
        var words = Enumerable.Range(0, Small.Topics).SelectMany(shop.TopicWords).Concat(shop.SharedWords).ToList();
        Assert.Equal(words.Count, words.Distinct().Count());
    }

    [Fact]
    public void Jsonl_written_by_the_shop_reads_back_through_the_generic_reader()
    {
        var options = Small with { Items = 400, Users = 100, Events = 3_000 };
        var shop = new SyntheticShop(options);
        using var folder = new TempFolder();
        shop.WriteJsonl(folder.Path);
        var reader = new GenericReader(folder.Path);
        Assert.Equal(shop.Items(), reader.ReadItems());
        Assert.Equal(shop.Users(), reader.ReadUsers());
        Assert.Equal(shop.Events(), reader.ReadEvents());
        Assert.True(reader.Report.IsClean);
    }

    [Fact]
    public void Bad_options_name_the_option()
    {
        var error = Assert.Throws<ArgumentException>(() => new SyntheticShop(Small with { Topics = 0 }));
        Assert.Contains("Topics", error.Message);
        error = Assert.Throws<ArgumentException>(() => new SyntheticShop(Small with { PurchaseShare = 1.5 }));
        Assert.Contains("PurchaseShare", error.Message);
    }
}

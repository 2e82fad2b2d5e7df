using CsCheck;
using Strata.Core.Domain;

namespace Strata.Storage.Tests;

/// <summary>
/// Behaviour every store must have (catalogue, event log, artifacts, bulk import), run against a real store per test
/// (a fresh file, a fresh database). An implementation's test class says how to open its store and how to remove it.
/// </summary>
public abstract class StoreContract<TStore> : IDisposable
    where TStore : IStore
{
    private static readonly DateTimeOffset T0 = new(2024, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private TStore _store;

    /// <remarks>Calls <see cref="Open"/>: a test class sets up its location in field initialisers, which run first.</remarks>
    protected StoreContract() => _store = Open();

    protected TStore Store => _store;

    /// <summary>Opens this test's store: empty the first time, the same data each later time.</summary>
    protected abstract TStore Open();

    /// <summary>Removes this test's file or database; called after the store is closed.</summary>
    protected abstract void DeleteStore();

    /// <summary>Closes and reopens the store, so assertions see what is stored rather than in memory.</summary>
    protected void Reopen()
    {
        _store.Dispose();
        _store = Open();
    }

    public void Dispose()
    {
        _store.Dispose();
        DeleteStore();
        GC.SuppressFinalize(this);
    }

    private static Event Rating(string user, string item, int minutes, double value, string? key = null) =>
        new(user, item, EventType.Rating, T0.AddMinutes(minutes), value, IdempotencyKey: key);

    /// <summary>Puts the batch's items in the catalogue (events may only name catalogue items), then appends it.</summary>
    private async Task<AppendResult> AppendKnownAsync(IReadOnlyList<Event> batch)
    {
        var items = batch.Select(e => e.ItemId).OfType<string>().Distinct().ToList();
        var missing = new List<Item>();
        foreach (var id in items)
            if (await Store.GetItemAsync(id) is null) missing.Add(Item.Create(id, "title of " + id));
        if (missing.Count > 0) await Store.UpsertItemsAsync(missing);
        return await Store.AppendAsync(batch);
    }

    private async Task<List<StoredEvent>> AllEvents(long after = 0) => await Store.ReadSinceAsync(after).ToListAsync();

    [Fact]
    public async Task Appended_events_read_back_in_append_order_with_increasing_sequence_numbers()
    {
        var batch = new[] { Rating("u1", "i1", 5, 4), Rating("u2", "i2", 1, 3), Rating("u1", "i3", 0, 5) };
        var result = await AppendKnownAsync(batch);

        Assert.Equal(new AppendResult(3, 0, result.LastSequence), result);
        var stored = await AllEvents();
        Assert.Equal(batch, stored.Select(s => s.Event));
        Assert.Equal(result.LastSequence, stored[^1].Sequence);
        Assert.True(stored.Zip(stored.Skip(1)).All(p => p.First.Sequence < p.Second.Sequence));
    }

    [Fact]
    public async Task Read_since_returns_only_events_after_the_given_sequence()
    {
        var first = await AppendKnownAsync([Rating("u1", "i1", 0, 1), Rating("u1", "i2", 1, 2)]);
        await AppendKnownAsync([Rating("u2", "i1", 2, 3)]);

        var later = await AllEvents(first.LastSequence);

        Assert.Equal([Rating("u2", "i1", 2, 3)], later.Select(s => s.Event));
        Assert.Empty(await AllEvents(later[^1].Sequence));
    }

    [Fact]
    public async Task Resent_idempotency_keys_are_dropped_across_and_within_batches()
    {
        var first = await AppendKnownAsync([Rating("u1", "i1", 0, 4, "k1"), Rating("u1", "i2", 1, 5, "k2"), Rating("u1", "i3", 2, 1)]);
        var resent = await AppendKnownAsync([Rating("u1", "i1", 0, 4, "k1"), Rating("u1", "i4", 3, 2, "k3"), Rating("u1", "i4", 3, 2, "k3")]);

        Assert.Equal((3, 0), (first.Appended, first.Duplicates));
        Assert.Equal((1, 2), (resent.Appended, resent.Duplicates));
        var keys = (await AllEvents()).Select(s => s.Event.IdempotencyKey).ToList();
        Assert.Equal(["k1", "k2", null, "k3"], keys);
        Assert.Equal(4, (await Store.CountEventsAsync()).Total);
    }

    [Fact]
    public async Task Events_without_a_key_are_never_treated_as_duplicates()
    {
        var result = await AppendKnownAsync([Rating("u1", "i1", 0, 4), Rating("u1", "i1", 0, 4)]);
        Assert.Equal(2, result.Appended);
    }

    [Fact]
    public async Task A_user_reads_back_in_time_order_with_ties_in_append_order()
    {
        await AppendKnownAsync([Rating("u1", "late", 30, 1), Rating("u2", "x", 0, 1), Rating("u1", "tie-a", 10, 2)]);
        await AppendKnownAsync([Rating("u1", "early", 0, 3), Rating("u1", "tie-b", 10, 4)]);

        var items = await Store.ReadByUserAsync("u1").Select(s => s.Event.ItemId).ToListAsync();

        Assert.Equal(["early", "tie-a", "tie-b", "late"], items);
        Assert.Empty(await Store.ReadByUserAsync("nobody").ToListAsync());
    }

    [Fact]
    public async Task An_item_reads_back_every_event_on_it_in_append_order()
    {
        await AppendKnownAsync([Rating("u1", "i1", 9, 1), Rating("u2", "i2", 0, 1), Rating("u3", "i1", 1, 5), new Event("u4", null, EventType.Search, T0, Text: "i1")]);

        var users = await Store.ReadByItemAsync("i1").Select(s => s.Event.UserId).ToListAsync();

        Assert.Equal(["u1", "u3"], users);
    }

    [Fact]
    public async Task Deleting_a_user_removes_the_user_and_every_event_of_the_user_only()
    {
        await Store.UpsertUsersAsync([new User("u1", new Dictionary<string, string> { ["age"] = "25" })]);
        await AppendKnownAsync([Rating("u1", "i1", 0, 1, "k"), Rating("u2", "i1", 1, 2), Rating("u1", "i2", 2, 3)]);

        Assert.Equal(2, await Store.DeleteUserAsync("u1"));
        Reopen();

        Assert.Null(await Store.GetUserAsync("u1"));
        Assert.Empty(await Store.ReadByUserAsync("u1").ToListAsync());
        Assert.Equal(["u2"], (await AllEvents()).Select(s => s.Event.UserId));
        Assert.Equal(new CatalogCounts(2, 1), await Store.CountCatalogAsync());
        Assert.Equal(0, await Store.DeleteUserAsync("u1"));
    }

    [Fact]
    public async Task Sequence_numbers_are_not_reused_after_an_erase()
    {
        var before = await AppendKnownAsync([Rating("u1", "i1", 0, 1)]);
        await Store.DeleteUserAsync("u1");
        var after = await AppendKnownAsync([Rating("u2", "i1", 0, 1)]);
        Assert.True(after.LastSequence > before.LastSequence);
    }

    [Fact]
    public async Task An_invalid_event_rejects_its_whole_batch()
    {
        await Store.UpsertItemsAsync([Item.Create("i1", "One")]);
        var invalid = new Event("u1", null, EventType.Rating, T0, 4);

        var missingItem = await Assert.ThrowsAsync<RejectedEventException>(() => Store.AppendAsync([Rating("u1", "i1", 0, 4), invalid]));
        Assert.Equal((1, "item"), (missingItem.Index, missingItem.Field));
        Assert.Equal("value", (await Assert.ThrowsAsync<RejectedEventException>(() => Store.AppendAsync([Rating("u1", "i1", 0, double.NaN)]))).Field);

        Assert.Equal(0, (await Store.CountEventsAsync()).Total);
        Assert.Equal(new CatalogCounts(1, 0), await Store.CountCatalogAsync());
    }

    [Theory]
    [InlineData("user", "", "i1")]
    [InlineData("user", " u1", "i1")]
    [InlineData("user", "u\u00001", "i1")]
    [InlineData("item", "u1", "i1 ")]
    [InlineData("item", "u1", "i\n1")]
    public async Task Ids_that_break_the_one_id_rule_are_refused(string field, string user, string item)
    {
        await Store.UpsertItemsAsync([Item.Create("i1", "One")]);
        var e = Rating(System.Text.RegularExpressions.Regex.Unescape(user), System.Text.RegularExpressions.Regex.Unescape(item), 0, 3);

        Assert.Equal(field, (await Assert.ThrowsAsync<RejectedEventException>(() => Store.AppendAsync([e]))).Field);
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.UpsertItemsAsync([Item.Create(new string('x', EventRules.MaxIdLength + 1), "long")]));
        Assert.Equal(0, (await Store.CountEventsAsync()).Total);
    }

    [Fact]
    public async Task Counts_group_by_type_within_a_time_range()
    {
        await AppendKnownAsync([
            Rating("u1", "i1", 0, 4), Rating("u1", "i2", 10, 4),
            new Event("u1", "i1", EventType.Click, T0.AddMinutes(5)),
            new Event("u2", null, EventType.Search, T0.AddMinutes(20), Text: "space operas"),
        ]);

        var all = await Store.CountEventsAsync();
        var window = await Store.CountEventsAsync(T0.AddMinutes(5), T0.AddMinutes(20));

        Assert.Equal(4, all.Total);
        Assert.Equal(new Dictionary<EventType, long> { [EventType.Rating] = 2, [EventType.Click] = 1, [EventType.Search] = 1 }, all.ByType);
        Assert.Equal((T0, T0.AddMinutes(20)), (all.First!.Value, all.Last!.Value));
        Assert.Equal(2, window.Total);
        Assert.Equal(new Dictionary<EventType, long> { [EventType.Rating] = 1, [EventType.Click] = 1 }, window.ByType);
        Assert.Equal(new EventCounts(0, new Dictionary<EventType, long>(), null, null).Total, (await Store.CountEventsAsync(T0.AddYears(1))).Total);
        Assert.Null((await Store.CountEventsAsync(T0.AddYears(1))).First);
    }

    [Fact]
    public async Task An_event_naming_an_item_outside_the_catalogue_is_refused_with_its_batch()
    {
        await Store.UpsertItemsAsync([Item.Create("known", "Known")]);

        var refused = await Assert.ThrowsAsync<RejectedEventException>(() => Store.AppendAsync([Rating("u1", "known", 0, 5), Rating("u1", "new-item", 1, 5)]));

        Assert.True(refused.UnknownItem);
        Assert.Equal(1, refused.Index);
        Assert.Null(await Store.GetItemAsync("new-item"));
        Assert.Equal(0, (await Store.CountEventsAsync()).Total);
        Assert.Equal(new CatalogCounts(1, 0), await Store.CountCatalogAsync());
    }

    [Fact]
    public async Task Items_round_trip_exactly()
    {
        await Check.SampleAsync(Generators.Item, async item =>
        {
            await Store.UpsertItemsAsync([item]);
            Assert.Equal(item, await Store.GetItemAsync(item.Id));
        }, iter: 200, threads: 1);
    }

    [Fact]
    public async Task Events_round_trip_exactly()
    {
        await Check.SampleAsync(Generators.Event.Array[1, 6], async batch =>
        {
            var result = await AppendKnownAsync(batch);
            var stored = await AllEvents(result.LastSequence - batch.Length);
            Assert.Equal(batch, stored.Select(s => s.Event));
        }, iter: 100, threads: 1);
    }

    [Fact]
    public async Task Mixed_keyed_and_keyless_events_keep_append_order_and_drop_only_repeated_keys()
    {
        var keys = Gen.Int[0, 40].Select(k => k < 30 ? null : "key-" + k);
        var gen = Gen.Select(Generators.Event, keys, (e, key) => e with { IdempotencyKey = key }).Array[0, 100];
        await Check.SampleAsync(gen, async batch =>
        {
            var before = await AppendKnownAsync([]);
            var seen = (await AllEvents()).Select(s => s.Event.IdempotencyKey).Where(k => k is not null).ToHashSet();
            var expected = batch.Where(e => e.IdempotencyKey is null || seen.Add(e.IdempotencyKey)).ToList();

            var result = await AppendKnownAsync(batch);

            Assert.Equal((expected.Count, batch.Length - expected.Count), (result.Appended, result.Duplicates));
            Assert.Equal(expected, (await AllEvents(before.LastSequence)).Select(s => s.Event));
        }, iter: 50, threads: 1);
    }

    [Fact]
    public async Task Items_read_in_the_order_they_entered_and_upserts_replace_in_place()
    {
        await Store.UpsertItemsAsync([Item.Create("b", "B"), Item.Create("a", "A"), Item.Create("c", "")]);
        await Store.AppendAsync([Rating("u1", "c", 0, 1)]);
        await Store.UpsertItemsAsync([Item.Create("b", "B2"), Item.Create("d", "D")]);

        var items = await Store.ReadItemsAsync().ToListAsync();

        Assert.Equal([Item.Create("b", "B2"), Item.Create("a", "A"), Item.Create("c", ""), Item.Create("d", "D")], items);
        Assert.Equal(new CatalogCounts(4, 1), await Store.CountCatalogAsync());
    }

    [Fact]
    public async Task Users_upsert_replaces_attributes()
    {
        await Store.UpsertUsersAsync([new User("u1", new Dictionary<string, string> { ["age"] = "25" })]);
        await Store.UpsertUsersAsync([new User("u1", new Dictionary<string, string> { ["age"] = "26", ["zip"] = "02139" })]);

        Assert.Equal(new User("u1", new Dictionary<string, string> { ["age"] = "26", ["zip"] = "02139" }), await Store.GetUserAsync("u1"));
        Assert.Null(await Store.GetUserAsync("u2"));
    }

    [Fact]
    public async Task Artifacts_get_increasing_versions_and_every_version_stays_readable()
    {
        var versions = new List<int>();
        foreach (var text in new[] { "v-one", "v-two", "v-three" })
            versions.Add(await Store.SaveArtifactAsync("taxonomy", System.Text.Encoding.UTF8.GetBytes(text)));
        await Store.SaveArtifactAsync("model/ease", new byte[] { 0, 255, 0 });
        Reopen();

        Assert.Equal([1, 2, 3], versions);
        var latest = await Store.LoadArtifactAsync("taxonomy");
        Assert.Equal(("taxonomy", 3, "v-three"), (latest!.Name, latest.Version, System.Text.Encoding.UTF8.GetString(latest.Data)));
        Assert.Equal("v-one", System.Text.Encoding.UTF8.GetString((await Store.LoadArtifactAsync("taxonomy", 1))!.Data));
        Assert.Equal(new byte[] { 0, 255, 0 }, (await Store.LoadArtifactAsync("model/ease"))!.Data);
        Assert.Null(await Store.LoadArtifactAsync("taxonomy", 4));
        Assert.Null(await Store.LoadArtifactAsync("missing"));
    }

    [Fact]
    public async Task Data_survives_closing_and_reopening_the_file()
    {
        await Store.UpsertItemsAsync([Item.Create("i1", "One")]);
        await AppendKnownAsync([Rating("u1", "i1", 0, 4, "k1")]);
        Reopen();

        Assert.Equal(Item.Create("i1", "One"), await Store.GetItemAsync("i1"));
        Assert.Equal([Rating("u1", "i1", 0, 4, "k1")], (await AllEvents()).Select(s => s.Event));
        Assert.Equal(0, (await AppendKnownAsync([Rating("u1", "i1", 0, 4, "k1")])).Appended);
    }

    [Fact]
    public async Task An_import_writes_items_users_and_events_and_reports_them()
    {
        var source = new ImportSource(
            [Item.Create("i1", "One"), Item.Create("i2", "Two")],
            [User.Create("u1"), User.Create("u2")],
            [Rating("u1", "i1", 0, 4, "k"), Rating("u2", "i2", 1, 3, "k"), new Event("u2", "i1", EventType.Click, T0)]);
        var reports = new List<ImportProgress>();

        var result = await Store.ImportAsync(source, new SynchronousProgress(reports.Add));

        Assert.Equal((2, 2, 2, 1), (result.Items, result.Users, result.Events, result.Duplicates));
        Assert.Equal(new Dictionary<EventType, long> { [EventType.Rating] = 1, [EventType.Click] = 1 }, result.EventsByType);
        Assert.Equal(ImportStage.Committing, reports[^1].Stage);
        Assert.Equal(new CatalogCounts(2, 2), await Store.CountCatalogAsync());
        Assert.Equal(2, (await Store.CountEventsAsync()).Total);
    }

    [Fact]
    public async Task An_import_appends_in_source_order_and_drops_keys_already_logged_or_repeated_in_it()
    {
        await AppendKnownAsync([Rating("u0", "i0", 0, 5, "old")]);
        var source = new ImportSource(new[] { "i2", "i1", "i3", "i4" }.Select(id => Item.Create(id, "title of " + id)), [], [
            Rating("u2", "i2", 9, 1, "new"), Rating("u1", "i1", 0, 2, "old"), Rating("u1", "i3", 5, 3),
            Rating("u3", "i1", 1, 4, "new"), Rating("u2", "i2", 9, 1), Rating("u1", "i4", 2, 5, "other"),
        ]);

        var result = await Store.ImportAsync(source);

        Assert.Equal((4, 2), (result.Events, result.Duplicates));
        Assert.Equal([Rating("u0", "i0", 0, 5, "old"), Rating("u2", "i2", 9, 1, "new"), Rating("u1", "i3", 5, 3), Rating("u2", "i2", 9, 1),
            Rating("u1", "i4", 2, 5, "other")], (await AllEvents()).Select(s => s.Event));
        Assert.Equal(["i0", "i2", "i1", "i3", "i4"], await Store.ReadItemsAsync().Select(i => i.Id).ToListAsync());
    }

    [Fact]
    public async Task An_import_whose_source_fails_midway_leaves_the_store_as_it_was()
    {
        await Store.UpsertItemsAsync([Item.Create("i0", "Zero")]);
        await AppendKnownAsync([Rating("u0", "i0", 0, 5)]);
        var before = await Snapshot();

        var source = new ImportSource(
            [Item.Create("i0", "Renamed"), .. Enumerable.Range(1, 30).Select(i => Item.Create("i" + i, "Item " + i))],
            [User.Create("u1")],
            FailingAfter(20_000, n => Rating("u" + n % 97, "i" + n % 31, n, 3)));
        var error = await Assert.ThrowsAsync<InvalidDataException>(() => Store.ImportAsync(source));
        Reopen();

        Assert.Equal("line 20001 is bad", error.Message);
        Assert.Equal(before, await Snapshot());
    }

    [Fact]
    public async Task A_cancelled_import_leaves_the_store_as_it_was()
    {
        await AppendKnownAsync([Rating("u0", "i0", 0, 5)]);
        var before = await Snapshot();
        using var cancellation = new CancellationTokenSource();

        var source = new ImportSource(Enumerable.Range(1, 30).Select(i => Item.Create("i" + i, "Item " + i)), [], Endless(n =>
        {
            if (n == 50_000) cancellation.Cancel();
            return Rating("u" + n % 97, "i" + n % 31, n, 3);
        }));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Store.ImportAsync(source, cancellationToken: cancellation.Token));
        Assert.Equal(before, await Snapshot());
    }

    [Fact]
    public async Task Item_and_user_pages_visit_every_one_once_whatever_the_page_size()
    {
        await Check.SampleAsync(Gen.Select(Generators.Id.Array[0, 30], Gen.Int[1, 7]), async (ids, pageSize) =>
        {
            var distinct = ids.Distinct(StringComparer.Ordinal).ToList();
            await Store.UpsertItemsAsync(distinct.Select(id => Item.Create(id, "t")));
            await Store.UpsertUsersAsync(distinct.Select(User.Create));
            var expectedItems = await Store.ReadItemsAsync().Select(i => i.Id).ToListAsync();

            var items = new List<string>();
            for (string? after = null; ;)
            {
                var page = await Store.ReadItemsPageAsync(after, pageSize);
                Assert.True(page.Count <= pageSize);
                items.AddRange(page.Select(p => p.Item.Id));
                if (page.Count < pageSize) break;
                after = page[^1].Item.Id;
            }
            var users = new List<string>();
            for (string? after = null; ;)
            {
                var page = await Store.ReadUsersPageAsync(after, pageSize);
                users.AddRange(page.Select(u => u.Id));
                if (page.Count < pageSize) break;
                after = page[^1].Id;
            }

            Assert.Equal(items.Count, items.Distinct(StringComparer.Ordinal).Count());
            Assert.Equal(expectedItems.ToHashSet(StringComparer.Ordinal), items.ToHashSet(StringComparer.Ordinal));
            Assert.Equal(users.Count, users.Distinct(StringComparer.Ordinal).Count());
            Assert.Equal((await Store.CountCatalogAsync()).Users, users.Count);
            Assert.Subset(users.ToHashSet(StringComparer.Ordinal), distinct.ToHashSet(StringComparer.Ordinal));
        }, iter: 25, threads: 1);
    }

    [Fact]
    public async Task A_hidden_item_stays_hidden_across_upserts_and_keeps_its_events()
    {
        await AppendKnownAsync([Rating("u1", "i1", 0, 4), Rating("u1", "i2", 1, 4)]);

        Assert.True(await Store.SetItemHiddenAsync("i2", true));
        await Store.UpsertItemsAsync([Item.Create("i2", "renamed")]);
        Assert.False(await Store.SetItemHiddenAsync("nope", true));
        Reopen();

        Assert.Equal(["i2"], await Store.ReadHiddenItemsAsync());
        var page = await Store.ReadItemsPageAsync(null, 10);
        Assert.Equal([("i1", false), ("i2", true)], page.Select(p => (p.Item.Id, p.Hidden)));
        Assert.Equal("renamed", page[1].Item.Title);
        Assert.Single(await Store.ReadByItemAsync("i2").ToListAsync());
        Assert.True(await Store.SetItemHiddenAsync("i2", false));
        Assert.Empty(await Store.ReadHiddenItemsAsync());
    }

    [Fact]
    public async Task Items_hidden_for_a_user_read_back_and_go_with_the_user_or_the_item()
    {
        await Store.UpsertItemsAsync([Item.Create("a", "A"), Item.Create("b", "B"), Item.Create("c", "C")]);

        await Store.HideItemsForUserAsync("u1", ["b", "a", "b"]);
        await Store.HideItemsForUserAsync("u2", ["c"]);
        var refused = await Assert.ThrowsAsync<RejectedEventException>(() => Store.HideItemsForUserAsync("u1", ["c", "missing"]));
        Reopen();

        Assert.Equal((1, true), (refused.Index, refused.UnknownItem));
        Assert.Equal(["a", "b"], await Store.ReadHiddenItemsForUserAsync("u1"));
        Assert.Equal(["c"], await Store.ReadHiddenItemsForUserAsync("u2"));
        Assert.NotNull(await Store.GetUserAsync("u1"));
        Assert.Empty(await Store.ReadHiddenItemsForUserAsync("nobody"));

        Assert.Equal(0, await Store.DeleteItemAsync("b"));
        await Store.DeleteUserAsync("u2");
        Assert.Equal(["a"], await Store.ReadHiddenItemsForUserAsync("u1"));
        Assert.Empty(await Store.ReadHiddenItemsForUserAsync("u2"));
    }

    [Fact]
    public async Task Event_pages_of_a_user_and_of_an_item_follow_the_sequence_from_a_cursor()
    {
        await AppendKnownAsync([Rating("u1", "i1", 30, 1), Rating("u2", "i1", 0, 2), Rating("u1", "i2", 10, 3), Rating("u1", "i1", 20, 4)]);
        var all = await AllEvents();

        var first = await Store.ReadUserEventsPageAsync("u1", 0, 2);
        var rest = await Store.ReadUserEventsPageAsync("u1", first[^1].Sequence, 2);
        var onItem = await Store.ReadItemEventsPageAsync("i1", all[0].Sequence, 10);

        Assert.Equal([all[0], all[2]], first);
        Assert.Equal([all[3]], rest);
        Assert.Equal([all[1], all[3]], onItem);
        Assert.Empty(await Store.ReadUserEventsPageAsync("nobody", 0, 5));
        Assert.Empty(await Store.ReadItemEventsPageAsync("i1", all[^1].Sequence, 5));
    }

    [Fact]
    public async Task Deleting_one_event_removes_only_it_and_frees_its_key()
    {
        await AppendKnownAsync([Rating("u1", "i1", 0, 1, "k1"), Rating("u2", "i1", 1, 2), Rating("u1", "i2", 2, 3)]);
        var all = await AllEvents();

        Assert.False(await Store.DeleteEventAsync("u2", all[0].Sequence));
        Assert.False(await Store.DeleteEventAsync("nobody", all[0].Sequence));
        Assert.True(await Store.DeleteEventAsync("u1", all[0].Sequence));
        Assert.False(await Store.DeleteEventAsync("u1", all[0].Sequence));
        Reopen();

        Assert.Equal([all[1], all[2]], await AllEvents());
        var again = await AppendKnownAsync([Rating("u1", "i1", 0, 1, "k1")]);
        Assert.Equal(1, again.Appended);
        Assert.True(again.LastSequence > all[^1].Sequence);
    }

    [Fact]
    public async Task Deleting_an_item_removes_it_with_every_event_on_it()
    {
        await AppendKnownAsync([Rating("u1", "i1", 0, 1), Rating("u2", "i1", 1, 2), Rating("u1", "i2", 2, 3)]);

        Assert.Equal(2, await Store.DeleteItemAsync("i1"));
        Assert.Equal(-1, await Store.DeleteItemAsync("i1"));
        Reopen();

        Assert.Null(await Store.GetItemAsync("i1"));
        Assert.Equal(["i2"], (await AllEvents()).Select(s => s.Event.ItemId));
        Assert.Equal(new CatalogCounts(1, 2), await Store.CountCatalogAsync());
    }

    [Fact]
    public async Task Impressions_are_tallied_per_variant_credited_once_per_showing_and_survive_a_reopen()
    {
        await AppendKnownAsync([Rating("u1", "i1", 0, 4), Rating("u2", "i2", 0, 4), Rating("u3", "i3", 0, 4)]);
        await Store.UpsertItemsAsync([Item.Create("i4", "four")]);
        await Store.LogImpressionsAsync(
        [
            new("exp", "a", "u1", "i1", 1, T0), new("exp", "a", "u1", "i2", 2, T0),
            new("exp", "a", "u2", "i1", 1, T0), new("exp", "b", "u3", "i4", 1, T0),
            new("other", "x", "u1", "i1", 1, T0),
        ]);
        Reopen();
        // u1 clicks i1 twice after one showing per experiment: each showing is credited once, in both experiments.
        Assert.Equal(2, await Store.AttributeAsync([new("u1", "i1", ExperimentOutcome.Click, T0.AddMinutes(1))]));
        Assert.Equal(0, await Store.AttributeAsync([new("u1", "i1", ExperimentOutcome.Click, T0.AddMinutes(2))]));
        // An outcome before any showing, or of an item never shown to that user, credits nothing.
        Assert.Equal(0, await Store.AttributeAsync([new("u2", "i1", ExperimentOutcome.Click, T0.AddMinutes(-1)), new("u2", "i3", ExperimentOutcome.Click, T0.AddMinutes(1))]));
        Assert.Equal(1, await Store.AttributeAsync([new("u3", "i4", ExperimentOutcome.Conversion, T0.AddMinutes(1))]));

        var tally = await Store.TallyAsync("exp");
        Assert.Equal([new VariantTally("a", 2, 3, 1, 0), new VariantTally("b", 1, 1, 0, 1)], tally);
        Assert.Empty(await Store.TallyAsync("never-run"));
        var shown = await Store.ReadImpressionsAsync("u1").ToListAsync();
        Assert.Equal(3, shown.Count);
        Assert.Equal(new LoggedImpression(new Impression("exp", "a", "u1", "i1", 1, T0), Clicked: true, Converted: false), shown[0]);
    }

    [Fact]
    public async Task Erasing_a_user_removes_their_impressions_and_an_impression_of_an_unknown_item_writes_nothing()
    {
        await AppendKnownAsync([Rating("u1", "i1", 0, 4), Rating("u2", "i1", 0, 4)]);
        await Store.LogImpressionsAsync([new("exp", "a", "u1", "i1", 1, T0), new("exp", "a", "u2", "i1", 1, T0)]);
        await Assert.ThrowsAsync<ArgumentException>(() => Store.LogImpressionsAsync([new("exp", "a", "u2", "i1", 2, T0), new("exp", "a", "u2", "nope", 3, T0)]));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.LogImpressionsAsync([new("exp", "a", "u2", "i1", 0, T0)]));

        Assert.Equal(1, await Store.DeleteUserAsync("u1"));

        Assert.Empty(await Store.ReadImpressionsAsync("u1").ToListAsync());
        Assert.Equal([new VariantTally("a", 1, 1, 0, 0)], await Store.TallyAsync("exp"));
    }

    /// <summary>Everything observable in the store, as one comparable string.</summary>
    protected async Task<string> Snapshot()
    {
        var items = await Store.ReadItemsAsync().Select(i => $"{i.Id}:{i.Title}").ToListAsync();
        var events = await Store.ReadSinceAsync().Select(s => $"{s.Sequence}:{s.Event}").ToListAsync();
        return $"{await Store.CountCatalogAsync()}|{string.Join(",", items)}|{string.Join(",", events)}";
    }

    private static IEnumerable<Event> FailingAfter(int count, Func<int, Event> make)
    {
        for (var n = 0; n < count; n++) yield return make(n);
        throw new InvalidDataException($"line {count + 1} is bad");
    }

    private static IEnumerable<Event> Endless(Func<int, Event> make)
    {
        for (var n = 0; ; n++) yield return make(n);
    }

    /// <summary>Reports on the calling thread, so the test sees every report before the import returns.</summary>
    private sealed class SynchronousProgress(Action<ImportProgress> report) : IProgress<ImportProgress>
    {
        public void Report(ImportProgress value) => report(value);
    }
}

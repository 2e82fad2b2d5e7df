using System.Globalization;
using Strata.Core.Domain;
using Strata.Core.Interactions;

namespace Strata.Evaluation.Splits;

/// <summary>
/// Reads a fixed split file from <c>shared/data/splits/</c> (comma-separated, one header row) into an event table over a
/// dataset's id maps, so the split's rows index the same users and items as the dataset. Columns are found by name;
/// ids missing from the dataset are errors naming file and line.
/// </summary>
public static class SplitFile
{
    /// <summary>The rows of one split file and, when it has a <c>split</c> column, each row's role (train / valid / test).</summary>
    public sealed record Contents(EventTable Events, string[]? Roles);

    /// <param name="path">The CSV file.</param>
    /// <param name="dataset">Its ids must exist in the dataset's maps.</param>
    /// <param name="userColumns">Accepted names of the user column (first found wins); likewise for items.</param>
    public static Contents Read(string path, EvaluationDataset dataset, string[] userColumns, string[] itemColumns)
    {
        if (!File.Exists(path)) throw new EvaluationException($"split file not found: {path}");
        var name = Path.GetFileName(path);
        using var reader = new StreamReader(path);
        var header = reader.ReadLine()?.Split(',') ?? throw new EvaluationException($"{name}: empty file");
        int Column(string[] names, bool required)
        {
            foreach (var n in names)
            {
                var index = Array.IndexOf(header, n);
                if (index >= 0) return index;
            }
            if (required) throw new EvaluationException($"{name}:1: no column {string.Join(" or ", names)}");
            return -1;
        }
        int userCol = Column(userColumns, true), itemCol = Column(itemColumns, true);
        int ratingCol = Column(["rating"], false), timeCol = Column(["timestamp"], false), splitCol = Column(["split"], false);
        var users = dataset.Events.Users;
        var items = dataset.Events.Items;
        var builder = new List<(int User, int Item, float Value, long Seconds)>();
        var roles = splitCol >= 0 ? new List<string>() : null;
        long line = 1;
        while (reader.ReadLine() is { } text)
        {
            line++;
            if (text.Length == 0) continue;
            var fields = text.Split(',');
            if (fields.Length != header.Length)
                throw new EvaluationException($"{name}:{line}: expected {header.Length} fields, found {fields.Length}");
            var user = users.IndexOf(fields[userCol]);
            if (user < 0) throw new EvaluationException($"{name}:{line}: field '{header[userCol]}': user '{fields[userCol]}' is not in {dataset.Name}");
            var item = items.IndexOf(fields[itemCol]);
            if (item < 0) throw new EvaluationException($"{name}:{line}: field '{header[itemCol]}': item '{fields[itemCol]}' is not in {dataset.Name}");
            var value = float.NaN;
            if (ratingCol >= 0 && !float.TryParse(fields[ratingCol], NumberStyles.Float, CultureInfo.InvariantCulture, out value))
                throw new EvaluationException($"{name}:{line}: field 'rating': '{fields[ratingCol]}' is not a number");
            long seconds = 0;
            if (timeCol >= 0 && !long.TryParse(fields[timeCol], NumberStyles.Integer, CultureInfo.InvariantCulture, out seconds))
                throw new EvaluationException($"{name}:{line}: field 'timestamp': '{fields[timeCol]}' is not an integer");
            builder.Add((user, item, value, seconds));
            roles?.Add(fields[splitCol]);
        }
        var n = builder.Count;
        var userIndex = new int[n];
        var itemIndex = new int[n];
        var types = new EventType[n];
        var values = new float[n];
        var times = new long[n];
        for (int i = 0; i < n; i++)
        {
            (userIndex[i], itemIndex[i], values[i], times[i]) = builder[i];
            types[i] = EventType.Rating;
        }
        return new Contents(new EventTable(users, items, userIndex, itemIndex, types, values, times, n), roles?.ToArray());
    }
}

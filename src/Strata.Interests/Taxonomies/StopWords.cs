namespace Strata.Interests.Taxonomies;

/// <summary>English stop words (function words and catalogue boilerplate) that never make a node label.</summary>
internal static class StopWords
{
    public static readonly HashSet<string> English = new(StringComparer.Ordinal)
    {
        "a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and", "any", "are", "as", "at",
        "be", "because", "been", "before", "being", "below", "between", "both", "but", "by", "can", "could", "did", "do",
        "does", "doing", "down", "during", "each", "even", "ever", "every", "few", "first", "for", "from", "further", "get", "gets", "got",
        "had", "has", "have", "having", "he", "her", "here", "hers", "herself", "him", "himself", "his", "how", "however", "i",
        "if", "in", "into", "is", "it", "its", "itself", "just", "last", "like", "made", "make", "many", "may", "me", "more", "most", "much",
        "must", "my", "myself", "new", "no", "nor", "not", "now", "of", "off", "on", "once", "one", "only", "or", "other", "our",
        "ours", "ourselves", "out", "over", "own", "said", "same", "says", "she", "should", "since", "so", "some", "still", "such",
        "than", "that", "the", "their", "theirs", "them", "themselves", "then", "there", "these", "they", "this", "those",
        "through", "to", "too", "two", "under", "until", "up", "us", "very", "was", "we", "were", "what", "when", "where",
        "which", "while", "who", "whom", "why", "will", "with", "would", "you", "your", "yours", "yourself", "yourselves",
        "according", "around", "back", "another", "among", "way", "well", "year", "years", "time", "day", "days", "week",
        "three", "four", "five", "six", "seven", "eight", "nine", "ten", "says", "say", "told", "via", "per", "within",
        "without", "across", "ago", "set", "take", "takes", "see", "know", "want", "going", "need", "look", "things", "thing",
        "les", "la", "le", "el", "de", "des", "der", "die", "das", "il", "une", "un", "et", "en", "du", "aka",
        "title", "genres", "genre", "category", "categories", "description", "abstract", "tags", "listed",
    };
}

using Rhythm.Model;

namespace Rhythm.Tests.Model;

public sealed class MessageTextTests
{
    [TestCase("evrey", "every")]
    [TestCase("helth-check", "health-check")]
    [TestCase("Every", "every")]
    [TestCase("stpes", "steps")]
    public void Closest_TypoWithinTwoEdits_IsFound(string typed, string expected)
    {
        Assert.That(Spelling.Closest(typed, ["name", "every", "steps", "health-check", "maintenance"]), Is.EqualTo(expected));
    }

    [TestCase("description")]
    [TestCase("x")]
    public void Closest_NothingNear_IsNull(string typed)
    {
        Assert.That(Spelling.Closest(typed, ["name", "every", "at"]), Is.Null);
    }

    [TestCase("abc", "abc", 0)]
    [TestCase("abc", "acb", 1)]
    [TestCase("abc", "ab", 1)]
    [TestCase("kitten", "sitting", 3)]
    [TestCase("a", "abcdef", 3)]
    public void Distance_Pairs_CountEditsUpToTheLimit(string a, string b, int expected)
    {
        Assert.That(Spelling.Distance(a, b, limit: 2), Is.EqualTo(Math.Min(expected, 3)));
    }

    [Test]
    public void Printable_ControlAndInvisibleCharacters_AreEscaped()
    {
        Assert.That(MessageText.Printable("a\nb\t\u0007\u200B\u202E\u00A0c"), Is.EqualTo("a\\nb\\t\\u0007\\u200B\\u202E\\u00A0c"));
    }

    [Test]
    public void Printable_LettersOfAnyScript_AreKept()
    {
        Assert.That(MessageText.Printable("헬스 é 😀"), Is.EqualTo("헬스 é 😀"));
    }

    [Test]
    public void Printable_LoneSurrogate_IsEscaped()
    {
        Assert.That(MessageText.Printable("a\uD800b"), Is.EqualTo("a\\uD800b"));
    }

    [Test]
    public void Quote_LongValue_IsCut()
    {
        Assert.That(MessageText.Quote(new string('x', 500)), Is.EqualTo("'" + new string('x', 60) + "...'"));
    }

    [Test]
    public void List_ManyNames_SaysHowManyMore()
    {
        var names = Enumerable.Range(1, 25).Select(i => $"g{i}");

        Assert.That(MessageText.List(names), Does.EndWith("g19, g20 and 5 more"));
    }
}

using System.Runtime.Versioning;
using Rhythm.Jobs.Processes;
using Rhythm.Jobs.Processes.Linux;

namespace Rhythm.Tests.Jobs;

public sealed class OutputPiecesTests
{
    [Test]
    public void Append_MoreThanCapacity_KeepsTheLastCharactersInOrder()
    {
        var tail = new OutputTail(8);

        tail.Append("abc");
        tail.Append("defgh");
        tail.Append("ijk");

        Assert.That(tail.ToString(), Is.EqualTo("defghijk"));
    }

    [Test]
    public void Append_OneTextLongerThanCapacity_KeepsItsEnd()
    {
        var tail = new OutputTail(4);

        tail.Append("ab");
        tail.Append("0123456789");

        Assert.That(tail.ToString(), Is.EqualTo("6789"));
    }

    [Test]
    public void Redact_SecretsOverlapping_MasksTheLongestWhole()
    {
        var redactor = new SecretRedactor(["abc", "abcdef"]);

        Assert.That(redactor.Redact("x abcdef y abc z"), Is.EqualTo("x *** y *** z"));
    }

    [Test]
    public void Redact_SecretAcrossTheCut_IsNeverShownInPart()
    {
        var redactor = new SecretRedactor(["SECRETVALUE"]);

        var text = redactor.Redact("0123SECRETVALUE", limit: 6, out var omitted);

        Assert.That(text, Is.EqualTo("0123***"));
        Assert.That(omitted, Is.Zero);
    }

    [Test]
    public void Redact_NoSecretsBeyondLimit_CutsAndCounts()
    {
        var text = SecretRedactor.None.Redact("0123456789", limit: 4, out var omitted);

        Assert.That(text, Is.EqualTo("0123"));
        Assert.That(omitted, Is.EqualTo(6));
    }

    [TestCase("API_TOKEN", true)]
    [TestCase("db_password", true)]
    [TestCase("ClientSecret", true)]
    [TestCase("SSH_KEY_PATH", true)]
    [TestCase("DB_PASS", true)]
    [TestCase("passwd", true)]
    [TestCase("GPG_PASSPHRASE", true)]
    [TestCase("smtp-pass", true)]
    [TestCase("PWD", false)]
    [TestCase("BYPASS_CACHE", false)]
    [TestCase("COMPASS", false)]
    [TestCase("GOOGLE_APPLICATION_CREDENTIALS", false)]
    [TestCase("AUTHOR", false)]
    [TestCase("HOME", false)]
    public void IsSecretName_Name_MatchesMarkersIgnoringCase(string name, bool secret) =>
        Assert.That(SecretRedactor.IsSecretName(name), Is.EqualTo(secret));

    [Test]
    [Platform(Include = "Linux")]
    [SupportedOSPlatform("linux")]
    public void TryParseStat_NameWithSpacesAndParentheses_ReadsTheFieldsAfterIt()
    {
        var stat = "4242 (evil ) name) S 17 4242 4242 0 -1 4194304 100 0 0 0 1 2 0 0 20 0 1 0 987654 1000 10";

        Assert.That(ProcFs.TryParseStat(stat, out var entry), Is.True);
        Assert.That(entry, Is.EqualTo(new ProcEntry(4242, 'S', 17, 4242, 4242, 987654)));
    }
}

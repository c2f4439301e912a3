namespace Rhythm.Tests.Model;

public sealed class JobsFileReaderTypeTests
{
    [Test]
    public void Parse_NumberAsString_SaysToDropTheQuotes()
    {
        var problem = JobsJson.Single(JobsJson.ParseSection("rhythm", "\"maxConcurrency\": \"4\""));

        Assert.Multiple(() =>
        {
            Assert.That(problem.Location, Is.EqualTo("section 'rhythm', field 'maxConcurrency'"));
            Assert.That(problem.Message, Is.EqualTo("expected a whole number from 1 to 64, found a string (\"4\"). Write 4 without quotes."));
        });
    }

    [TestCase("\"true\"", "expected true or false, found a string (\"true\"). Write true without quotes.")]
    [TestCase("\"yes\"", "expected true or false, found a string (\"yes\").")]
    [TestCase("1", "expected true or false, found the number 1.")]
    [TestCase("null", "expected true or false, found null. Remove the field to use the default.")]
    public void Parse_EnabledNotBoolean_NamesTheExpectedType(string value, string message)
    {
        var problem = JobsJson.Single(JobsJson.ParseGroup("\"enabled\": " + value));

        Assert.Multiple(() =>
        {
            Assert.That(problem.Location, Is.EqualTo("group 'g', field 'enabled'"));
            Assert.That(problem.Message, Is.EqualTo(message));
        });
    }

    [Test]
    public void Parse_AdaptiveNotBoolean_IsAProblem()
    {
        var problem = JobsJson.Single(JobsJson.ParseGroup("\"adaptive\": \"false\""));

        Assert.That(problem.Message, Is.EqualTo("expected true or false, found a string (\"false\"). Write false without quotes."));
    }

    [Test]
    public void Parse_ContinueOnErrorNotBoolean_IsAProblem()
    {
        var problem = JobsJson.Single(JobsJson.ParseStep("\"continueOnError\": 1"));

        Assert.Multiple(() =>
        {
            Assert.That(problem.Location, Is.EqualTo("group 'g', step 's', field 'continueOnError'"));
            Assert.That(problem.Message, Is.EqualTo("expected true or false, found the number 1."));
        });
    }

    [Test]
    public void Parse_GroupsNotAnArray_IsAProblem()
    {
        var problem = JobsJson.Single(JobsJson.Parse("{ \"groups\": { } }"));

        Assert.Multiple(() =>
        {
            Assert.That(problem.Location, Is.EqualTo("field 'groups'"));
            Assert.That(problem.Message, Does.StartWith("expected an array of groups such as [ {").And.EndWith("found an object."));
        });
    }

    [Test]
    public void Parse_GroupNotAnObject_NamesItsIndex()
    {
        var problem = JobsJson.Single(JobsJson.ParseGroups(JobsJson.ValidGroup, "\"oops\""));

        Assert.Multiple(() =>
        {
            Assert.That(problem.Location, Is.EqualTo("groups[1]"));
            Assert.That(problem.Message, Does.StartWith("expected a group object such as { \"name\": \"health-check\"").And.EndWith("found a string (\"oops\")."));
        });
    }

    [Test]
    public void Parse_SectionNotAnObject_IsAProblem()
    {
        var problem = JobsJson.Single(JobsJson.Parse("{ \"rhythm\": [], \"groups\": [ " + JobsJson.ValidGroup + " ] }"));

        Assert.Multiple(() =>
        {
            Assert.That(problem.Location, Is.EqualTo("field 'rhythm'"));
            Assert.That(problem.Message, Is.EqualTo("expected an object such as \"rhythm\": { ... }, found an array."));
        });
    }

    [Test]
    public void Parse_NameNotAString_UsesTheIndexAsLocation()
    {
        var problem = JobsJson.Single(JobsJson.ParseGroups("{ \"name\": 7, \"every\": \"10m\", " + JobsJson.Steps + " }"));

        Assert.Multiple(() =>
        {
            Assert.That(problem.Location, Is.EqualTo("groups[0], field 'name'"));
            Assert.That(problem.Message, Is.EqualTo("expected a string such as \"health-check\", found the number 7."));
        });
    }

    [Test]
    public void Parse_PercentAsString_IsAProblem()
    {
        var problem = JobsJson.Single(JobsJson.ParseSection("rhythm", "\"memoryPressure\": \"60%\""));

        Assert.That(problem.Message, Is.EqualTo("expected a number from 0 to 100, found a string (\"60%\")."));
    }
}

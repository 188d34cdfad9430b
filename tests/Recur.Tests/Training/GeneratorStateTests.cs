namespace Recur.Tests.Training;

public class GeneratorStateTests
{
    [Fact]
    public void AStateTakenBetweenTheTwoHalvesOfANormalPairResumesTheSameStream()
    {
        // Box–Muller draws normals in pairs; a state taken after the first of a pair must carry the second.
        var g = new Generator(42);
        g.NextNormal();
        var state = g.State;
        Assert.Equal(5, state.Length);
        var expected = Enumerable.Range(0, 7).Select(_ => g.NextNormal()).ToArray();
        var resumed = new Generator(0) { State = state };
        Assert.Equal(expected, Enumerable.Range(0, 7).Select(_ => resumed.NextNormal()).ToArray());

        Assert.Equal(4, g.State.Length);   // eight normals drawn: no half pair pending
        Assert.Equal(new Generator(0) { State = g.State }.NextUInt64(), g.NextUInt64());
        Assert.Throws<ArgumentException>(() => new Generator(0) { State = [1, 2, 3] });
    }
}

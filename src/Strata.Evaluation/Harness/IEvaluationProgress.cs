namespace Strata.Evaluation.Harness;

/// <summary>Receives progress of a run's stages (reading, embedding, fitting, scoring), possibly from several threads.</summary>
public interface IEvaluationProgress
{
    /// <summary><paramref name="done"/> of <paramref name="total"/> units of the stage named <paramref name="stage"/> are finished.</summary>
    void Report(string stage, double done, double total);
}

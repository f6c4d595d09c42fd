/// Turns an ``EvaluationReport`` into text or bytes. Pure functions: the caller
/// (the CLI) decides where they go.
public enum ReportWriter {}

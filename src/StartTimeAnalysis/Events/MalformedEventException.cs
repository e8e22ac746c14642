namespace ChaosDashboard.StartTimeAnalysis.Events;

/// <summary>Raised inside the parser for an event whose shape is wrong; always caught there and counted.</summary>
internal sealed class MalformedEventException(string message) : Exception(message);

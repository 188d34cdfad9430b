namespace Recur.Speech;

/// <summary>The acoustic features a recogniser reads: log-mel filter-bank energies, or MFCCs (their DCT).</summary>
public enum FeatureKind { LogMel, Mfcc }

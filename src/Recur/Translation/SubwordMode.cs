namespace Recur.Translation;

/// <summary>
/// Whether the texts are cut into byte-pair pieces: one model learned on both languages (<see cref="Joint"/>, which
/// lets names and numbers be copied piece for piece), one per language (<see cref="Separate"/>), or not at all
/// (<see cref="None"/>: words or characters, by <see cref="TranslationSettings.Level"/>).
/// </summary>
public enum SubwordMode { None, Joint, Separate }

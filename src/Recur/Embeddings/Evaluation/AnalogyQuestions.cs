using Recur.IO;

namespace Recur.Embeddings.Evaluation;

/// <summary>
/// Reads an analogy file in the format of word2vec's questions-words.txt: ": section" lines open a section, every
/// other non-blank line holds four words. A malformed line is an <see cref="InputFileException"/> with its line number.
/// </summary>
public static class AnalogyQuestions
{
    public static IReadOnlyList<AnalogyQuestion> Read(string path)
    {
        var questions = new List<AnalogyQuestion>();
        string? section = null;
        foreach (var (number, text) in TextFile.ReadLines(path))
        {
            var line = text.Trim();
            if (line.Length == 0) continue;
            if (line.StartsWith(':'))
            {
                section = line[1..].Trim();
                if (section.Length == 0) throw new InputFileException(path, "section line ':' has no name", number);
                continue;
            }
            var words = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (words.Length != 4) throw new InputFileException(path, $"expected four words (A B C D), found {words.Length}", number);
            questions.Add(new AnalogyQuestion(section ?? "questions", words[0], words[1], words[2], words[3]));
        }
        if (questions.Count == 0) throw new InputFileException(path, "no analogy questions in the file");
        return questions;
    }
}

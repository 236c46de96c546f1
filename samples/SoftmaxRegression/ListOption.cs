using System;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Linq;

namespace SoftmaxRegressionSample;

/// <summary>Parses a comma-separated list option (<c>--lr 0.01,0.1,1</c>), reporting a bad item as a parse error.</summary>
internal static class ListOption
{
    public static T[] Parse<T>(ArgumentResult result, Func<string, IFormatProvider, T> parse, string what)
    {
        var items = result.Tokens.SelectMany(t => t.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToArray();
        if (items.Length == 0)
        {
            result.AddError($"Give at least one {what}.");
            return [];
        }
        var values = new T[items.Length];
        for (int i = 0; i < items.Length; i++)
        {
            try
            {
                values[i] = parse(items[i], CultureInfo.InvariantCulture);
            }
            catch (FormatException)
            {
                result.AddError($"'{items[i]}' is not a {what}.");
                return [];
            }
            catch (OverflowException)
            {
                result.AddError($"'{items[i]}' is out of range for a {what}.");
                return [];
            }
        }
        return values;
    }
}

using System;
using System.IO;
using System.Linq;
using System.Text;
using KernelGen.Data;
using KernelGen.Tests.Infrastructure;
using Xunit;

namespace KernelGen.Tests.Data;

/// <summary><see cref="CsvData"/>: classification and regression sets from CSV files, and every way a file can be wrong.</summary>
public sealed class CsvDataTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Write(string text, string name = "data.csv")
    {
        string path = _dir.File(name);
        File.WriteAllText(path, text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        return path;
    }

    /// <summary>Asserts a <see cref="CsvFormatException"/> at the line and column, named in its message; returns the message.</summary>
    private static string AssertCsvError(string path, int line, string? column, Func<object> load)
    {
        var error = Assert.Throws<CsvFormatException>(load);
        Assert.Equal(path, error.Path);
        Assert.Equal(line, error.Line);
        Assert.Equal(column, error.Column);
        Assert.StartsWith(path + ": ", error.Message);
        Assert.Contains($"line {line}", error.Message);
        if (column is not null)
            Assert.Contains($"line {line}, column '{column}'", error.Message);
        return error.Message;
    }

    // ---- Classification ----

    [Fact]
    public void Classification_reads_the_label_column_and_every_other_column_as_a_feature()
    {
        string path = Write("x1,label,x2\n1.5,2,-3\n0.25,0,4e2\n-0,1,7\n");

        Dataset set = CsvData.LoadClassification(path, "label");

        Assert.Equal((3, 1, 2, 2, 3), (set.Count, set.Rows, set.Columns, set.Features, set.Classes));
        Assert.True(set.HasLabels);
        Assert.Equal(new[] { 1.5f, -3f, 0.25f, 400f, -0f, 7f }, set.Pixels.ToArray());
        Assert.Equal(new byte[] { 2, 0, 1 }, set.Labels.ToArray());
    }

    [Fact]
    public void Classification_takes_a_given_class_count_and_whole_numbers_written_as_decimals()
    {
        string path = Write("a,y\n1,3.0\n2,0\n");

        Dataset set = CsvData.LoadClassification(path, "y", classes: 10);

        Assert.Equal(10, set.Classes);
        Assert.Equal(new byte[] { 3, 0 }, set.Labels.ToArray());
    }

    [Fact]
    public void Without_a_header_columns_are_named_by_their_0_based_index()
    {
        string path = Write("1,2,0\n3,4,1\n5,6,1\n");

        Dataset set = CsvData.LoadClassification(path, "2", new CsvOptions { HasHeader = false });
        Dataset first = CsvData.LoadClassification(path, "0", new CsvOptions { HasHeader = false });

        Assert.Equal((3, 2, 2), (set.Count, set.Features, set.Classes));
        Assert.Equal(new[] { 1f, 2f, 3f, 4f, 5f, 6f }, set.Pixels.ToArray());
        Assert.Equal(new byte[] { 0, 1, 1 }, set.Labels.ToArray());
        Assert.Equal(new[] { 2f, 0f, 4f, 1f, 6f, 1f }, first.Pixels.ToArray());
        Assert.Equal(new byte[] { 1, 3, 5 }, first.Labels.ToArray());
    }

    [Theory]
    [InlineData(';')]
    [InlineData('\t')]
    [InlineData('|')]
    public void The_separator_option_splits_on_that_character(char separator)
    {
        string s = separator.ToString();
        string path = Write($"x{s}y{s}label\n1.5{s}2{s}1\n3{s}4.25{s}0\n");

        Dataset set = CsvData.LoadClassification(path, "label", new CsvOptions { Separator = separator });

        Assert.Equal(new[] { 1.5f, 2f, 3f, 4.25f }, set.Pixels.ToArray());
        Assert.Equal(new byte[] { 1, 0 }, set.Labels.ToArray());
    }

    [Fact]
    public void Quotes_spaces_blank_lines_crlf_and_a_byte_order_mark_are_read_as_in_any_csv()
    {
        string path = _dir.File("excel.csv");
        File.WriteAllText(path, "\"x, first\" , label ,x2\r\n\r\n \"1.5\" , 1 ,2\r\n   \r\n3,0, \"4\"\r\n\r\n", new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));

        Dataset set = CsvData.LoadClassification(path, "label");

        Assert.Equal(new[] { 1.5f, 2f, 3f, 4f }, set.Pixels.ToArray());
        Assert.Equal(new byte[] { 1, 0 }, set.Labels.ToArray());
    }

    [Fact]
    public void Columns_are_matched_with_the_byte_order_mark_dropped_from_the_first_name()
    {
        string path = _dir.File("bom.csv");
        File.WriteAllText(path, "label,x\n1,2\n", new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));

        Dataset set = CsvData.LoadClassification(path, "label");

        Assert.Equal(new byte[] { 1 }, set.Labels.ToArray());
        Assert.Equal(new[] { 2f }, set.Pixels.ToArray());
    }

    // ---- Regression ----

    [Fact]
    public void Regression_reads_the_targets_in_the_order_named_and_the_rest_as_features()
    {
        string path = Write("a,y2,b,y1\n1,10,2,20\n3,30,4,40.5\n");

        Dataset set = CsvData.LoadRegression(path, ["y1", "y2"]);

        Assert.Equal((2, 1, 2, 2, 0), (set.Count, set.Rows, set.Columns, set.TargetLength, set.Classes));
        Assert.False(set.HasLabels);
        Assert.Equal(new[] { 1f, 2f, 3f, 4f }, set.Pixels.ToArray());
        Assert.Equal(new[] { 20f, 10f, 40.5f, 30f }, set.Targets.ToArray());
        Assert.Equal(new[] { 40.5f, 30f }, set.Target(1).ToArray());
    }

    [Fact]
    public void Regression_without_a_header_names_targets_by_index()
    {
        string path = Write("0.5;1;-2.5\n1.5;2;-3.5\n");

        Dataset set = CsvData.LoadRegression(path, ["2"], new CsvOptions { HasHeader = false, Separator = ';' });

        Assert.Equal((2, 2, 1), (set.Count, set.Features, set.TargetLength));
        Assert.Equal(new[] { 0.5f, 1f, 1.5f, 2f }, set.Pixels.ToArray());
        Assert.Equal(new[] { -2.5f, -3.5f }, set.Targets.ToArray());
    }

    [Fact]
    public void Regression_checks_its_target_names()
    {
        string path = Write("a,y\n1,2\n");

        Assert.Throws<ArgumentException>(() => CsvData.LoadRegression(path, []));
        Assert.Throws<ArgumentException>(() => CsvData.LoadRegression(path, ["y", "y"]));
        Assert.Throws<ArgumentNullException>(() => CsvData.LoadRegression(path, null!));
    }

    // ---- Errors ----

    [Fact]
    public void A_malformed_number_names_line_column_and_text()
    {
        string path = Write("x1,x2,y\n1,2,0\n3,4,1\n5,6,0\n7,8,1\n9,10,0\n11,abc,1\n");

        string message = AssertCsvError(path, 7, "x2", () => CsvData.LoadClassification(path, "y"));

        Assert.Contains("line 7, column 'x2': 'abc' is not a number", message);
    }

    [Fact]
    public void A_malformed_target_names_line_column_and_text()
    {
        string decimalComma = Write("x;y\n1;2\n3;4,5\n", "decimal-comma.csv");

        string message = AssertCsvError(decimalComma, 3, "y", () => CsvData.LoadRegression(decimalComma, ["y"], new CsvOptions { Separator = ';' }));
        Assert.Contains("'4,5' is not a number", message);
        Assert.Contains("'.' for the decimal point", message);
    }

    [Theory]
    [InlineData("x1,x2,y\n1,2,0\n3,,1\n", 3, "x2")]
    [InlineData("x1,x2,y\n1,2,0\n3, ,1\n", 3, "x2")]
    [InlineData("x1,x2,y\n1,2,0\n3,4,\n", 3, "y")]
    [InlineData("x1,x2,y\n1,2,0\n3,4,\"\"\n", 3, "y")]
    public void A_missing_value_names_line_and_column(string text, int line, string column)
    {
        string path = Write(text);

        string message = AssertCsvError(path, line, column, () => CsvData.LoadClassification(path, "y"));

        Assert.Contains("the value is missing (empty field)", message);
    }

    [Fact]
    public void A_missing_target_names_line_and_column()
    {
        string path = Write("x,y\n1,2\n3,\n");

        string message = AssertCsvError(path, 3, "y", () => CsvData.LoadRegression(path, ["y"]));

        Assert.Contains("missing", message);
    }

    [Fact]
    public void A_row_with_the_wrong_number_of_fields_says_how_many_and_how_many_the_header_has()
    {
        string path = Write("a,b,c,y\n1,2,3,0\n1,2,3,1\n1,2,3,0\n1,2,3\n", "short.csv");
        string extra = Write("a,b,y\n1,2,0\n1,2,1,\n", "extra.csv");

        Assert.Contains("line 5 has 3 fields, the header has 4", AssertCsvError(path, 5, null, () => CsvData.LoadClassification(path, "y")));
        Assert.Contains("line 3 has 4 fields, the header has 3", AssertCsvError(extra, 3, null, () => CsvData.LoadRegression(extra, ["y"])));
    }

    [Fact]
    public void Without_a_header_the_first_row_sets_the_number_of_fields()
    {
        string path = Write("1,2,0\n3,1\n");

        string message = AssertCsvError(path, 2, null, () => CsvData.LoadClassification(path, "2", new CsvOptions { HasHeader = false }));

        Assert.Contains("line 2 has 2 fields, the first row has 3", message);
    }

    [Fact]
    public void Line_numbers_count_blank_lines_and_lines_inside_quoted_fields()
    {
        string path = Write("\"x\none\",y\n\n1,0\n\"2\n\",1\n\nbad,1\n");

        AssertCsvError(path, 8, "x\none", () => CsvData.LoadClassification(path, "y"));
    }

    [Fact]
    public void An_error_on_the_first_line_of_a_file_without_a_header_is_on_line_1()
    {
        string path = Write("1,x,0\n2,3,1\n");

        string message = AssertCsvError(path, 1, "1", () => CsvData.LoadClassification(path, "2", new CsvOptions { HasHeader = false }));

        Assert.Contains("'x' is not a number", message);
    }

    [Theory]
    [InlineData("2.5", "is not a whole number")]
    [InlineData("-1", "is negative")]
    [InlineData("256", "is above 255")]
    [InlineData("1e10", "is above 255")]
    [InlineData("cat", "is not a number")]
    public void A_bad_label_names_line_column_and_value(string label, string problem)
    {
        string path = Write($"x,class\n1,0\n2,1\n3,{label}\n");

        string message = AssertCsvError(path, 4, "class", () => CsvData.LoadClassification(path, "class"));

        Assert.Contains($"label '{label}' {problem}", message);
    }

    [Fact]
    public void A_label_not_below_a_given_class_count_names_line_column_and_count()
    {
        string path = Write("x,y\n1,0\n2,9\n3,10\n");

        string message = AssertCsvError(path, 4, "y", () => CsvData.LoadClassification(path, "y", classes: 10));

        Assert.Contains("label '10' is not below the class count 10", message);
    }

    [Fact]
    public void A_label_column_not_in_the_header_lists_the_columns_there_are()
    {
        string path = Write("x1,x2,target\n1,2,0\n");

        string message = AssertCsvError(path, 1, "label", () => CsvData.LoadClassification(path, "label"));

        Assert.Contains("there is no such column", message);
        Assert.Contains("The header has 3 columns: 'x1', 'x2', 'target'", message);
    }

    [Fact]
    public void A_target_column_not_in_the_header_is_named_even_when_others_are_there()
    {
        string path = Write("x,y1,y2\n1,2,3\n");

        string message = AssertCsvError(path, 1, "y3", () => CsvData.LoadRegression(path, ["y1", "y3"]));

        Assert.Contains("'x', 'y1', 'y2'", message);
    }

    [Fact]
    public void A_column_not_in_a_file_without_header_says_how_columns_are_named()
    {
        string path = Write("1,2,0\n3,4,1\n");

        string message = AssertCsvError(path, 1, "label", () => CsvData.LoadClassification(path, "label", new CsvOptions { HasHeader = false }));

        Assert.Contains("named by their 0-based index", message);
        Assert.Contains("'0' to '2'", message);
    }

    [Fact]
    public void A_file_read_with_the_wrong_separator_gets_a_hint_about_the_right_one()
    {
        string path = Write("x;y;label\n1;2;0\n");

        string message = AssertCsvError(path, 1, "label", () => CsvData.LoadClassification(path, "label"));

        Assert.Contains("'x;y;label'", message);
        Assert.Contains("set CsvOptions.Separator to ';'", message);
    }

    [Fact]
    public void A_long_header_is_listed_in_part()
    {
        string header = string.Join(",", Enumerable.Range(0, 30).Select(i => $"c{i}"));
        string path = Write(header + "\n" + string.Join(",", new string('1', 30).ToCharArray()) + "\n");

        string message = AssertCsvError(path, 1, "label", () => CsvData.LoadClassification(path, "label"));

        Assert.Contains("'c19' and 10 more", message);
        Assert.DoesNotContain("'c20'", message);
    }

    [Fact]
    public void A_named_column_that_the_header_names_twice_is_ambiguous()
    {
        string path = Write("y,x,y\n1,2,3\n");

        string message = AssertCsvError(path, 1, "y", () => CsvData.LoadRegression(path, ["y"]));

        Assert.Contains("2 columns of the header have this name (fields 1, 3)", message);
    }

    [Fact]
    public void A_file_with_no_column_left_for_features_is_an_error()
    {
        string path = Write("y1,y2\n1,2\n");

        string message = AssertCsvError(path, 1, null, () => CsvData.LoadRegression(path, ["y2", "y1"]));

        Assert.Contains("no column is left for the features", message);
    }

    [Theory]
    [InlineData("", true)]
    [InlineData("", false)]
    [InlineData("\n\n  \n", true)]
    public void An_empty_file_is_an_error_on_line_1(string text, bool hasHeader)
    {
        string path = Write(text);

        string message = AssertCsvError(path, 1, null, () => CsvData.LoadClassification(path, "0", new CsvOptions { HasHeader = hasHeader }));

        Assert.Contains("the file is empty", message);
    }

    [Theory]
    [InlineData("x,y\n", 2)]
    [InlineData("x,y", 2)]
    [InlineData("x,y\n\n\n", 4)]
    public void A_header_without_data_rows_is_an_error_after_the_last_line(string text, int line)
    {
        string path = Write(text);

        string message = AssertCsvError(path, line, null, () => CsvData.LoadRegression(path, ["y"]));

        Assert.Contains("there are no data rows after the header", message);
    }

    [Theory]
    [InlineData("NaN", "is NaN")]
    [InlineData("nan", "is NaN")]
    [InlineData("Infinity", "is infinite")]
    [InlineData("-Infinity", "is infinite")]
    [InlineData("1e39", "is infinite or beyond the float range")]
    public void A_value_that_is_not_finite_names_line_and_column(string value, string problem)
    {
        string features = Write($"x,y\n1,0\n{value},1\n", "features.csv");
        string targets = Write($"x,y\n1,0\n2,{value}\n", "targets.csv");
        string labels = Write($"x,y\n1,0\n2,{value}\n", "labels.csv");

        Assert.Contains($"'{value}' {problem}", AssertCsvError(features, 3, "x", () => CsvData.LoadClassification(features, "y")));
        Assert.Contains($"'{value}' {problem}", AssertCsvError(targets, 3, "y", () => CsvData.LoadRegression(targets, ["y"])));
        AssertCsvError(labels, 3, "y", () => CsvData.LoadClassification(labels, "y"));
    }

    [Fact]
    public void A_missing_file_is_a_FileNotFoundException()
    {
        Assert.Throws<FileNotFoundException>(() => CsvData.LoadClassification(_dir.File("none.csv"), "y"));
        Assert.Throws<FileNotFoundException>(() => CsvData.LoadRegression(_dir.File("none.csv"), ["y"]));
    }

    [Theory]
    [InlineData('"')]
    [InlineData('\n')]
    [InlineData('#')]
    public void A_separator_that_cannot_separate_fields_is_an_argument_error(char separator)
    {
        string path = Write("x,y\n1,0\n");

        var error = Assert.Throws<ArgumentException>(() => CsvData.LoadClassification(path, "y", new CsvOptions { Separator = separator }));

        Assert.Contains("cannot separate fields", error.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(257)]
    public void A_class_count_outside_1_to_256_is_rejected(int classes)
    {
        string path = Write("x,y\n1,0\n");

        Assert.Throws<ArgumentOutOfRangeException>(() => CsvData.LoadClassification(path, "y", classes: classes));
    }
}

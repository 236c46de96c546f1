using System;
using System.Collections.Generic;
using System.Globalization;

namespace KernelGen.Tests.RandomGraphs;

public sealed partial class RandomExpression
{
    // ---- Parsing (kernel-language text back into an expression, for hand-written cases). ----

    /// <summary>
    /// Parses a kernel body written in the kernel language over <c>x</c>, <c>y</c> and <c>s</c> (operators, float
    /// literals and the Ops calls this model knows). Hand-written softmax and log-sum-exp parse as the plain
    /// operations they are made of, which the oracle evaluates as written.
    /// </summary>
    public static RandomExpression Parse(string text) => new Parser(text).ParseAll();

    /// <summary>The kinds written as a call of their own name in the kernel language.</summary>
    private static bool IsLibraryCall(ExprKind kind) => kind is >= ExprKind.Exp and <= ExprKind.Huber or ExprKind.BinaryCrossEntropy
        && kind is not (ExprKind.Add or ExprKind.Sub or ExprKind.Mul or ExprKind.Div or ExprKind.ReduceMax or ExprKind.ReduceMin);

    /// <summary>
    /// The hand-written forms of softmax, log-softmax, log-sum-exp (with a temperature), log(exp(e)), softplus,
    /// sigmoid and log-sigmoid as the nodes that stand for them, so the oracle evaluates them stably (their text is
    /// unchanged). The parser applies it to every division and call it reads, the generators to the forms they
    /// build, so that a graph and its parsed text are the same nodes.
    /// </summary>
    public static RandomExpression Recognize(RandomExpression e)
    {
        static bool Same(RandomExpression a, RandomExpression b) => a.ToSource() == b.ToSource();
        static bool IsOne(RandomExpression a) => a.Kind == ExprKind.Const && a.Value == 1f;
        switch (e.Kind)
        {
            case ExprKind.Div when e.A.Kind == ExprKind.Exp && e.A.A.IsVector && e.B.Kind == ExprKind.Sum
                                   && e.B.A.Kind == ExprKind.Exp && Same(e.A.A, e.B.A.A):
                return Make(ExprKind.HandSoftmax, e.A.A);
            case ExprKind.Div when e.A.Kind == ExprKind.HandLogSumExp && e.A.A.Kind == ExprKind.Mul
                                   && !e.A.A.B.IsVector && Same(e.A.A.B, e.B):
                return Make(ExprKind.HandLogSumExpTemp, e.A.A.A, e.B);
            case ExprKind.Div when IsOne(e.A) && e.B.Kind == ExprKind.Add && IsOne(e.B.A) && e.B.B.Kind == ExprKind.Exp
                                   && e.B.B.A.Kind == ExprKind.Neg:
                return Make(ExprKind.HandSigmoid, e.B.B.A.A);
            case ExprKind.Log when e.A.Kind == ExprKind.HandSoftmax:
                return Make(ExprKind.HandLogSoftmax, e.A.A);
            case ExprKind.Log when e.A.Kind == ExprKind.Sum && e.A.A.Kind == ExprKind.Exp:
                return Make(ExprKind.HandLogSumExp, e.A.A.A);
            case ExprKind.Log when e.A.Kind == ExprKind.Exp:
                return Make(ExprKind.LogOfExp, e.A.A);
            case ExprKind.Log when e.A.Kind == ExprKind.Add && IsOne(e.A.A) && e.A.B.Kind == ExprKind.Exp:
                return Make(ExprKind.HandSoftplus, e.A.B.A);
            case ExprKind.Log when e.A.Kind == ExprKind.Sigmoid:
                return Make(ExprKind.HandLogSigmoid, e.A.A);
            case ExprKind.Log when e.A.Kind == ExprKind.Sub && IsOne(e.A.A) && e.A.B.Kind == ExprKind.Sigmoid:
                return Make(ExprKind.HandLogOneMinusSigmoid, e.A.B.A);
            default:
                return e;
        }
    }

    private sealed class Parser
    {
        private readonly string _text;
        private int _pos;

        public Parser(string text) => _text = text;

        public RandomExpression ParseAll()
        {
            var e = Additive();
            Skip();
            if (_pos != _text.Length) throw Error("unexpected text");
            return e;
        }

        private RandomExpression Additive()
        {
            var e = Multiplicative();
            while (true)
            {
                if (Eat('+')) e = e + Multiplicative();
                else if (Eat('-')) e = e - Multiplicative();
                else return e;
            }
        }

        private RandomExpression Multiplicative()
        {
            var e = Unary();
            while (true)
            {
                if (Eat('*')) e = e * Unary();
                else if (Eat('/')) e = Recognize(e / Unary());
                else return e;
            }
        }

        private RandomExpression Unary()
        {
            if (Eat('-'))
            {
                var operand = Unary();
                // A negative literal is one constant, as C# folds it.
                return operand.Kind == ExprKind.Const ? Const(-operand.Value) : -operand;
            }
            return Primary();
        }

        private RandomExpression Primary()
        {
            Skip();
            if (Eat('('))
            {
                var inner = Additive();
                Expect(')');
                return inner;
            }
            if (_pos < _text.Length && (char.IsDigit(_text[_pos]) || _text[_pos] == '.'))
            {
                int start = _pos;
                while (_pos < _text.Length && (char.IsDigit(_text[_pos]) || _text[_pos] is '.' or 'E' or 'e'
                           || (_text[_pos] is '+' or '-' && _text[_pos - 1] is 'E' or 'e'))) _pos++;
                float value = float.Parse(_text.AsSpan(start, _pos - start), NumberStyles.Float, CultureInfo.InvariantCulture);
                if (_pos < _text.Length && _text[_pos] is 'f' or 'F') _pos++;
                return Const(value);
            }
            int nameStart = _pos;
            // Names start with a letter and may go on with digits (Log1p, Expm1).
            while (_pos < _text.Length && (char.IsLetter(_text[_pos]) || (_pos > nameStart && char.IsDigit(_text[_pos])))) _pos++;
            string name = _text.Substring(nameStart, _pos - nameStart);
            switch (name)
            {
                case "x": return X;
                case "y": return Y;
                case "s": return S;
                case "": throw Error("expected an operand");
            }
            Expect('(');
            var args = new List<RandomExpression> { Additive() };
            while (Eat(',')) args.Add(Additive());
            Expect(')');
            var a = args.ToArray();
            return Recognize((name, a.Length) switch
            {
                ("Min", 1) => Make(ExprKind.ReduceMin, a),
                ("Max", 1) => Make(ExprKind.ReduceMax, a),
                ("Min", 2) => Make(ExprKind.Min, a),
                ("Max", 2) => Make(ExprKind.Max, a),
                _ when Enum.TryParse<ExprKind>(name, out var kind) && IsLibraryCall(kind) => Make(kind, a),
                _ => throw Error($"unknown function {name}/{a.Length}"),
            });
        }

        private void Skip()
        {
            while (_pos < _text.Length && char.IsWhiteSpace(_text[_pos])) _pos++;
        }

        private bool Eat(char c)
        {
            Skip();
            if (_pos < _text.Length && _text[_pos] == c)
            {
                _pos++;
                return true;
            }
            return false;
        }

        private void Expect(char c)
        {
            if (!Eat(c)) throw Error($"expected '{c}'");
        }

        private FormatException Error(string what) => new($"{what} at {_pos} in: {_text}");
    }

}

#pragma once
// MySQL arithmetic and bit operators over sql_value: integer overflow is an error (as in MySQL
// strict evaluation), division by zero is NULL, decimals stay exact, doubles stay doubles.

#include <cstdint>
#include <string>

#include "pipeline/sql_value.hpp"

namespace sluice::pipeline {

enum class arith_op : std::uint8_t { add, subtract, multiply, divide, int_divide, modulo };
enum class bit_op : std::uint8_t { bit_or, bit_and, bit_xor, shift_left, shift_right };

/// a op b for non-NULL operands. Types: two integers give an integer (unsigned when either is
/// unsigned, except MOD which follows its dividend); a decimal gives a decimal; a double or a
/// string (read as a double) gives a double. `/` is always decimal or double, with
/// scale(a) + 4 fraction digits; DIV truncates to a BIGINT. On overflow sets `error`, returns NULL.
sql_value arithmetic(arith_op op, const sql_value& a, const sql_value& b, std::string& error);
/// -a for a non-NULL operand.
sql_value negate(const sql_value& a, std::string& error);
/// The 64 bits MySQL's bit operators read: numbers rounded to integers, negatives in two's complement.
std::uint64_t to_bits(const sql_value& a);
/// a op b on 64-bit unsigned integers; shifts by 64 or more give 0.
sql_value bitwise(bit_op op, const sql_value& a, const sql_value& b);

}  // namespace sluice::pipeline

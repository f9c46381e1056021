import Foundation
import FuzzDriver

@testable import MinaoshiSearch

/// The two Swift tokenizers: what the index-time `IndexTokenizer` makes of any text must be
/// `SearchTokenizer.tokens`, term for term and position for position, plus what follows from
/// `SearchTokenizer.runs` (each CJK run's last unigram, its character lists, its 3- and 4-grams), each term numbered
/// once. The same comparison as `IndexTokenizerTests.check`, on texts the fuzzer finds.

struct Positioned: Equatable { var term: String; var position: Int }
struct Gram: Equatable { var term: String; var field: Int }

func text(of name: PostingBuilder.TermName) -> String {
    switch name {
    case .cjk(let key): IndexTokenizer.term(key)
    case .gram(let key): IndexTokenizer.term(key)
    case .word(let text): text
    }
}

/// What `IndexTokenizerTests.expected` says the index tokenizer must make of `text`, from position 0.
func expected(_ text: String) -> (terms: [Positioned], grams: [Gram], made: Int) {
    var terms: [Positioned] = [], grams: [Gram] = [], made = 0
    for run in SearchTokenizer.runs(text) {
        terms += run.tokens.enumerated().map { Positioned(term: $1, position: run.start + $0) }
        made += run.tokens.count
        let scalars = Array(run.text.unicodeScalars)
        guard run.kind == .cjk else { continue }
        if scalars.count > 1 {
            terms.append(
                Positioned(term: SearchTokenizer.string(scalars.suffix(1)), position: run.start + run.tokens.count))
        }
        // Each character's list, for the bigram or unigram it begins.
        grams += scalars.enumerated().map {
            Gram(
                term: SearchIndexLayout.characterList(String(Character($1))),
                field: SearchIndexLayout.field(run.start + $0))
        }
        guard scalars.count >= 3 else { continue }
        for start in 0..<(scalars.count - 2) {
            grams.append(Gram(term: SearchTokenizer.string(scalars[start..<start + 3]), field: 0))
            if start + 4 <= scalars.count {
                grams.append(Gram(term: SearchTokenizer.string(scalars[start..<start + 4]), field: 0))
            }
        }
    }
    return (terms, grams, made)
}

@_cdecl("LLVMFuzzerTestOneInput")
func fuzz(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let input = String(decoding: UnsafeBufferPointer(start: data, count: count), as: UTF8.self)
    var chunk = PostingBuilder.ChunkTerms(), tokenizer = IndexTokenizer()
    defer { tokenizer.release() }
    let made = tokenizer.add(input, into: &chunk)
    let terms = tokenizer.terms.elements.map {
        Positioned(term: text(of: chunk.names[Int($0.term)]), position: Int($0.position))
    }
    let grams = tokenizer.grams.elements.map { Gram(term: text(of: chunk.names[Int($0 >> 2)]), field: Int($0 & 3)) }

    // The query tokenizer's terms are the index's, less the end-of-run unigrams.
    let ends = Set(
        SearchTokenizer.runs(input).filter { $0.kind == .cjk && $0.text.unicodeScalars.count > 1 }
            .map { $0.start + $0.tokens.count })
    let queryTerms = terms.filter { !ends.contains($0.position) }.map {
        SearchTokenizer.Token(term: $0.term, position: $0.position)
    }
    let tokens = SearchTokenizer.tokens(input)
    if queryTerms != tokens {
        fatalError(
            "\(input.debugDescription): the index tokenizer's terms \(queryTerms) are not SearchTokenizer.tokens \(tokens)"
        )
    }
    let want = expected(input)
    if terms != want.terms || grams != want.grams || made != want.made {
        fatalError(
            "\(input.debugDescription): the index tokenizer made \(terms) \(grams) \(made), the runs say \(want)")
    }
    if Set(chunk.names).count != chunk.names.count {
        fatalError("\(input.debugDescription): a term is numbered twice: \(chunk.names.map(text(of:)))")
    }
    return 0
}

var argc = CommandLine.argc, argv = Optional(CommandLine.unsafeArgv)
exit(LLVMFuzzerRunDriver(&argc, &argv) { fuzz($0, $1) })

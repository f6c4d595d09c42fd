import Foundation
import XCTest
@testable import TelltaleDatasets

/// A lock-protected counter that remembers its peak, for observing concurrency.
private final class InFlightCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var current = 0
    private(set) var peak = 0
    private(set) var started = 0

    func enter() {
        lock.lock()
        current += 1
        started += 1
        peak = max(peak, current)
        lock.unlock()
    }

    func leave() {
        lock.lock()
        current -= 1
        lock.unlock()
    }

    var startedCount: Int {
        lock.lock()
        defer { lock.unlock() }
        return started
    }
}

final class OrderedParallelMapTests: XCTestCase {
    func testDeliversInInputOrderDespiteUnevenWork() {
        var delivered: [Int] = []
        OrderedParallelMap.run(count: 200, workers: 4, window: 8, transform: { i in
            // Early items are the slowest, so later ones finish first.
            usleep(useconds_t((200 - i) % 7 * 200))
            return i * i
        }, consume: { i, square in
            XCTAssertEqual(square, i * i)
            delivered.append(i)
        })
        XCTAssertEqual(delivered, Array(0..<200))
    }

    func testZeroItems() {
        var calls = 0
        OrderedParallelMap.run(count: 0, workers: 4, transform: { $0 }, consume: { _, _ in calls += 1 })
        XCTAssertEqual(calls, 0)
    }

    func testMoreWorkersThanItemsAndWindowOfOne() {
        var delivered: [String] = []
        OrderedParallelMap.map(["a", "b", "c"], workers: 16, window: 1, transform: { $0.uppercased() },
                               consume: { item, result in delivered.append(item + result) })
        XCTAssertEqual(delivered, ["aA", "bB", "cC"])
    }

    func testInFlightItemsNeverExceedTheWindow() {
        let counter = InFlightCounter()
        let window = 5
        OrderedParallelMap.run(count: 300, workers: 4, window: window, transform: { i in
            counter.enter()  // in flight from the moment a worker starts it…
            if i % 10 == 0 { usleep(2000) }
            return i
        }, consume: { _, _ in
            usleep(100)  // a slow consumer lets workers run ahead as far as they may
            counter.leave()  // …until the consumer is done with it
        })
        XCTAssertLessThanOrEqual(counter.peak, window)
        XCTAssertGreaterThan(counter.peak, 1, "workers should run ahead of a slow consumer")
    }

    func testConsumerErrorStopsStartingNewItems() {
        struct Stop: Error {}
        let counter = InFlightCounter()
        var consumed = 0
        XCTAssertThrowsError(try OrderedParallelMap.run(count: 10_000, workers: 3, window: 6, transform: { i in
            counter.enter()
            return i
        }, consume: { i, _ in
            consumed += 1
            if i == 20 { throw Stop() }
        })) { error in
            XCTAssertTrue(error is Stop)
        }
        XCTAssertEqual(consumed, 21)
        // Everything started was started before the window closed behind item 20.
        XCTAssertLessThanOrEqual(counter.startedCount, 21 + 6)
    }
}

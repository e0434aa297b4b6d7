//! The order a render's pages are taken in, and when each year's cards may be let go.
//!
//! All the pages of a render are one queue: the pages that show incidents of any year (front
//! page, component pages, the history index…) first, then each year's pages, newest year
//! first. Every render thread takes the next page until none is left, so no thread waits for
//! the other between years (a barrier per year left one core idle while the other finished
//! the year's last page). A year's cards are let go by whichever thread finishes the last of
//! that year's pages, once the pages of any year are all done too. Pages are taken in order,
//! so a render holds about one year's cards at a time: the year being finished and the first
//! pages of the next.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::archive::YearPage;
use super::list::Page;
use crate::derive::Derived;
use crate::render::Selection;

/// By year: the pages that show only that year's incidents, and those incidents.
type Years = BTreeMap<i16, (Vec<Page>, Vec<usize>)>;

/// `pages` split into those that show incidents from any year (the front page, component
/// pages, the history index…) and, by year, those that show only that year's incidents,
/// with the incidents of the year: in a full render, whose cards are let go year by year.
/// A partial render lists none: it holds the few cards it shows to its end.
pub(super) fn by_year(
    pages: &[Page],
    site: &Derived,
    years: &[YearPage],
    selection: &Selection,
) -> (Vec<Page>, Years) {
    let mut site_pages = Vec::new();
    let mut by_year = Years::new();
    if matches!(selection, Selection::All) {
        for (i, state) in site.states.iter().enumerate() {
            by_year.entry(state.month.0).or_default().1.push(i);
        }
    }
    for &page in pages {
        let year = match page {
            Page::Incident(i) => site.states[i].month.0,
            Page::Month(m) => site.by_month[m].0.0,
            Page::ComponentYear(y) => years[y].year,
            _ => {
                site_pages.push(page);
                continue;
            }
        };
        by_year.entry(year).or_default().0.push(page);
    }
    (site_pages, by_year)
}

/// The pages of one render in the order they are taken, with each year's count of pages
/// still to finish.
pub(super) struct Queue {
    /// Each page, with the index of its year in `incidents` (`None`: it shows any year's).
    pages: Vec<(Page, Option<usize>)>,
    /// The next page to take.
    next: AtomicUsize,
    /// The incidents of each year, newest year first.
    incidents: Vec<Vec<usize>>,
    /// For each year: its pages not yet finished, plus one until the pages of any year are.
    left: Vec<AtomicUsize>,
    /// Pages of any year not yet finished, plus one until [`Queue::new`] has counted them
    /// (so a render with none still lets every year go).
    any_left: AtomicUsize,
}

/// A page taken from the queue: finish it with [`Queue::finished`].
#[derive(Clone, Copy)]
pub(super) struct Taken {
    pub(super) page: Page,
    year: Option<usize>,
}

impl Queue {
    /// `any_year` pages first, then `years`' newest first.
    pub(super) fn new(any_year: Vec<Page>, years: Years) -> Queue {
        let mut pages: Vec<(Page, Option<usize>)> =
            any_year.into_iter().map(|p| (p, None)).collect();
        let mut incidents = Vec::new();
        let mut left = Vec::new();
        for (y, (year_pages, year_incidents)) in years.into_values().rev().enumerate() {
            left.push(AtomicUsize::new(year_pages.len() + 1));
            pages.extend(year_pages.into_iter().map(|p| (p, Some(y))));
            incidents.push(year_incidents);
        }
        let any_left = pages.iter().filter(|(_, year)| year.is_none()).count();
        Queue {
            pages,
            next: AtomicUsize::new(0),
            incidents,
            left,
            any_left: AtomicUsize::new(any_left + 1),
        }
    }

    /// The years whose cards may go once nothing is rendered yet: every year without pages,
    /// when no page shows incidents of any year. Call once, before taking pages.
    pub(super) fn start(&self) -> Vec<&[usize]> {
        self.finish_any()
    }

    /// The next page to render, if any is left.
    pub(super) fn take(&self) -> Option<Taken> {
        let k = self.next.fetch_add(1, Ordering::Relaxed);
        self.pages.get(k).map(|&(page, year)| Taken { page, year })
    }

    /// `taken` is rendered: the incidents of the years it was the last page of, whose cards
    /// no page still to render shows.
    pub(super) fn finished(&self, taken: Taken) -> Vec<&[usize]> {
        match taken.year {
            Some(y) => self.finish_year(y).into_iter().collect(),
            None => self.finish_any(),
        }
    }

    fn finish_any(&self) -> Vec<&[usize]> {
        if self.any_left.fetch_sub(1, Ordering::AcqRel) != 1 {
            return Vec::new();
        }
        (0..self.left.len())
            .filter_map(|y| self.finish_year(y))
            .collect()
    }

    fn finish_year(&self, y: usize) -> Option<&[usize]> {
        (self.left[y].fetch_sub(1, Ordering::AcqRel) == 1).then(|| self.incidents[y].as_slice())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two years: 2026 (incidents 0, 1; two pages) and 2025 (incident 2; one page), and the
    /// front page.
    fn queue() -> Queue {
        let mut years = Years::new();
        years.insert(2025, (vec![Page::Incident(2)], vec![2]));
        years.insert(2026, (vec![Page::Incident(0), Page::Month(0)], vec![0, 1]));
        Queue::new(vec![Page::Index], years)
    }

    fn take_all(queue: &Queue) -> Vec<Taken> {
        std::iter::from_fn(|| queue.take()).collect()
    }

    #[test]
    fn pages_come_any_year_first_then_newest_year_first() {
        let pages: Vec<Page> = take_all(&queue()).iter().map(|t| t.page).collect();
        let expected = [
            Page::Index,
            Page::Incident(0),
            Page::Month(0),
            Page::Incident(2),
        ];
        assert_eq!(pages, expected);
    }

    #[test]
    fn a_year_goes_when_its_last_page_is_done_whatever_the_other_years() {
        let queue = queue();
        assert!(queue.start().is_empty());
        let [front, newest_a, newest_b, oldest] = take_all(&queue)[..] else {
            panic!("four pages")
        };
        // The old year finishes first, while the new one is still being rendered: it does
        // not wait for it, only for the front page (which may show any year's cards).
        assert!(queue.finished(oldest).is_empty());
        assert_eq!(queue.finished(front), vec![&[2][..]]);
        assert!(queue.finished(newest_b).is_empty());
        assert_eq!(queue.finished(newest_a), vec![&[0, 1][..]]);
    }

    #[test]
    fn years_without_pages_go_at_the_start_when_no_page_shows_any_year() {
        let mut years = Years::new();
        years.insert(2025, (vec![], vec![7]));
        years.insert(2026, (vec![Page::Incident(0)], vec![0]));
        let queue = Queue::new(vec![], years);
        assert_eq!(queue.start(), vec![&[7][..]]);
        let [page] = take_all(&queue)[..] else {
            panic!("one page")
        };
        assert_eq!(queue.finished(page), vec![&[0][..]]);
    }
}

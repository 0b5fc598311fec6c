//! A second tab of the same page, opened as a person opens one.

use std::time::{Duration, Instant};

use fantoccini::wd::WindowHandle;

use crate::browser::Browser;

impl Browser {
    /// Opens a copy of the current page in a new tab (`window.open`, which copies
    /// `sessionStorage` into it) and returns its handle; the current tab stays
    /// selected. The opening is a click on a button the helper adds for the
    /// moment: WebKitGTK blocks `window.open` without a user gesture, as
    /// browsers' pop-up blockers do.
    ///
    /// # Panics
    /// When no new tab appears within 5 s.
    pub async fn duplicate_tab(&self) -> WindowHandle {
        let before = self.client.windows().await.expect("the tabs");
        let opener = self
            .execute(
                "const button = document.createElement('button');
                 button.textContent = 'Duplicate this tab';
                 button.addEventListener('click', () => {
                   window.open(location.href, '_blank');
                   button.remove();
                 });
                 document.body.prepend(button);
                 return button;",
                vec![],
            )
            .await;
        let opener = self
            .element_from(&opener)
            .expect("the helper's duplicate-tab button");
        self.click(&opener, "the helper's duplicate-tab button")
            .await;
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            let now = self.client.windows().await.expect("the tabs");
            if let Some(opened) = now.into_iter().find(|handle| !before.contains(handle)) {
                return opened;
            }
            assert!(Instant::now() < deadline, "no copy of the tab opened");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

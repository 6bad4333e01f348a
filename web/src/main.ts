import { createPinia } from 'pinia';
import { createApp, watch } from 'vue';
import 'element-plus/es/components/message/style/css';
import 'element-plus/es/components/message-box/style/css';
import { ElMessage } from 'element-plus';
import App from './App.vue';
import { setUnauthorizedHandler } from './api';
import { vPerm } from './directives/perm';
import { i18n } from './locales';
import { router } from './router';
import { onSessionEnded } from './router/session';
import { useAuthStore } from './stores/auth';
import { useNotificationsStore } from './stores/notifications';
import { useTabsStore } from './stores/tabs';
import './styles/theme.css';
import './styles/index.css';

const app = createApp(App);
const pinia = createPinia();
app.use(pinia);
app.use(i18n);
app.use(router);
app.directive('perm', vPerm);

// A 401 from any call means the session ended (idle or absolute timeout, signed out elsewhere,
// account disabled): back to the login page, and afterwards back to where the user was.
setUnauthorizedHandler(() =>
  onSessionEnded(router, useAuthStore(pinia), () =>
    ElMessage({ type: 'warning', message: i18n.global.t('layout.sessionExpired'), grouping: true }),
  ),
);

// The live inbox: one stream for the session, opened once signed in and closed when the session
// ends (sign-out, expiry, 401 from any call).
const auth = useAuthStore(pinia);
const notifications = useNotificationsStore(pinia);
watch(
  () => auth.signedIn,
  (signedIn) => (signedIn ? notifications.start() : notifications.stop()),
  { immediate: true },
);

router.afterEach((to) => {
  useTabsStore(pinia).visit(to);
  const title = to.meta.title ? i18n.global.t(to.meta.title) : '';
  document.title = title ? `${title} · ${i18n.global.t('app.title')}` : i18n.global.t('app.title');
});

app.mount('#app');

import {
  Avatar,
  Document,
  HomeFilled,
  Key,
  Lock,
  OfficeBuilding,
  Setting,
  User,
  UserFilled,
} from '@element-plus/icons-vue';
import type { Component } from 'vue';

/** The icons menus and tabs may name (imported one by one to keep the bundle small). */
export const ICONS: Record<string, Component> = {
  Avatar,
  Document,
  HomeFilled,
  Key,
  Lock,
  OfficeBuilding,
  Setting,
  User,
  UserFilled,
};
